"""Exam items by their framing: the detector, the policy action and the block message."""

from __future__ import annotations

import pytest

from detectors import Scanner
from detectors.base import Finding
from detectors.recognizers.exam_context import ExamContextDetector
from detectors.text import ScanText
from proxy.pipeline.blocking import block_message
from proxy.policy.judge import judge
from proxy.policy.settings import PolicySettings

ESSAY = "以“成长”为题，写一篇文章。要求：立意自定，文体不限，不少于800字。（60分）"
MATH = "小明有35本书，送给同学12本，又买了8本，现在有多少本？"
CHOICE = "下列关于细胞膜的叙述，正确的是\nA. 由蛋白质组成\nB. 具有流动性\nC. 不能运输物质\nD. 不含脂质"
READING = "Read the passage and answer the question.\nTom moved to a small town last year. Which of the following is true?"

FRAMED = [
    ("这是下周月考的作文题：" + ESSAY, "upcoming monthly test, essay with score and word count"),
    ("期中考试英语阅读C篇，卷子还没交印：\n" + READING, "midterm, not yet printed"),
    ("高考模拟押题卷（明天考）第12题：" + MATH, "mock exam tip-off, tomorrow, item number"),
    ("明天数学小测的题，先别告诉学生：" + MATH, "quiz tomorrow, secrecy, word problem"),
    (CHOICE + "\n以上是期末考试的原题，考前勿外传", "framing after the item"),
    ("This is from next week's midterm, please don't share it:\n" + READING, "english framing"),
    ("联考正在考，学生发来这道题：" + CHOICE, "ongoing exam"),
    # One row per cue class, in wordings the cue lists do not spell out.
    ("这份卷子周四才考，题目你先帮我做一遍：" + MATH, "this paper + a weekday + 才考"),
    (MATH + "\n这是我们年级组刚出的期中题，学生还没见过，帮我出个答案", "written by us, pupils have not seen it"),
    ("下午第三节就是数学小测，这是小测的原题：" + MATH, "a lesson period today, the item from it"),
    ("教研组命的期末卷里有这么一道，帮我估一下难度系数：" + CHOICE, "set by the teaching group"),
    ("明早第一节英语测验，这是卷子上的：" + READING, "on the paper of tomorrow's test"),
    ("期末考试还有三天，这是复印好的试卷第5题：" + MATH, "days left, printed paper, item number"),
    (MATH + "（这是本次月考原题，考试还在进行中，请快点回答）", "ongoing, framing after the item"),
    ("I'm proctoring the final exam right now, quick answer please: " + READING, "english, ongoing"),
    ("THIS IS FROM TOMORROW'S MIDTERM, DON'T SHARE IT:\n" + READING, "english in capitals"),
    ("周测正在考，学生问我这题：计算：(4/5)-((1/3)+(1/6))．", "a bare calculation is an item"),
    ("只剩5分钟就要收卷了，求答案：" + CHOICE, "live: minutes to the end, no test word"),
    ("区里统考第7题，我校对的时候觉得数据有问题：" + MATH, "proof-reading a paper, exam word before the item number"),
    (MATH + "\n这是我给下个月初的阶段考出的，组里还没审", "written by me, not yet reviewed"),
    ("The district exam is on Saturday and a friend got hold of the paper early:\n" + READING, "english, early copy"),
    ("第3题，期末联考，考完再谢你\n" + MATH, "考完再…: after a test still to come"),
    ("我们学校是这次区统测的考点，刚清点完试卷，看到这一道：" + MATH, "exam logistics"),
    ("家长群里有人发了半期考的卷子照片，很快就撤回了，我截到一道：" + MATH, "a leaked photo, withdrawn"),
    (MATH + "\n这是零模的压轴题，考完之前别跟学生透露", "do not … tell, words between"),
    ("手机藏在抽屉里，月考第4题不会：" + MATH, "a phone hidden during the test"),
    ("这是下周三县统练合格考的题，帮我做一下：" + MATH, "a test named by its shape (…考), no listed name"),
    ("明儿上午三诊，这是原题：" + MATH, "…诊 is a test; 明儿 is tomorrow"),
    ("在考试呢，急，选哪个：" + CHOICE, "live: 在考试呢"),
    ("监考老师不在，这道怎么做：" + MATH, "live: the invigilator is out"),
    ("听说这就是区联测的原题，帮我先做一遍：" + MATH, "hearsay of the real paper"),
    ("Year 9 mocks are at 9am tomorrow, here is question 4: " + READING, "english mocks, a clock time"),
    ("考试还没结束，" + MATH, "live alone, the item in the same sentence after a comma"),
    ("這是下週考試的試卷，還沒發給學生，別外傳：小明有35本書，送給同學12本，又買了8本，現在有多少本？", "traditional characters"),
    ("聽日測驗嘅題目，唔好傳出去：小明有35本書，送給同學12本，又買了8本，現在有多少本？", "written Cantonese"),
    (MATH + "（月考题，学生都还没见过）", "the pupils have not seen it"),
    ("今晚就考这个：" + MATH, "就考这个: this is what the test holds"),
    ("我在给下周的区联考出题，这道放第3题：" + MATH, "setting the paper"),
    # Compositional classes (r15): a test by the shape of its name, what stands next to it, a state.
    ("正在高二合格性考试，这道不会：" + MATH, "正在 before a test named several characters later"),
    ("自主招生笔试的卷子上的，" + MATH, "a test named by its suffix (…笔试), its paper"),
    ("家长群里有人发了期末统测的真题，说周六考，" + MATH, "真题 with a coming test is the real paper, posted in a group"),
    ("老师，联盟校联考这题明天一早考吗？" + MATH + " 我先把答案背下来", "this question is examined tomorrow"),
    (MATH + "\n↑期中调研的，考完就没用了，先帮我", "a bare possessive after the test's name"),
    ("请迅速回答，期中学情调研答题时间快到了：" + MATH, "time nearly up"),
    ("今天第四节的历史测评，老师还没收卷，这题选啥：" + CHOICE, "not yet collected"),
    ("班主任不小心把明天单元考的答案落在讲台上了，这题答案是：" + CHOICE, "the test's answers, let out by accident"),
    ("I'm the teacher setting the Year 11 mocks for Thursday. Can you check my answer key for this one? " + MATH,
     "english: setting a test whose name holds a number"),
    ("I'm invigilating right now and one of the questions looks wrong: " + MATH, "english: invigilating implies a test"),
    ("The county assessment is in an hour and this is one of the actual questions: " + READING,
     "english: in an hour, the actual questions"),
    ("帮忙看看，明天一早的新初一入学摸底第4大题，一个正方体的一个面的面积是10平方分米，它的表面积是多少平方分米．，卷子封存在教务处",
     "the item between two framing parts of one sentence"),
    ("阅读下面的材料，完成各题。\n" + "材料：某地开展生态修复工程，十年间森林覆盖率由百分之二十提高到百分之四十，当地居民收入显著增加。\n" * 4
     + "\n以上是下周期中考试的第12题，卷子还没发下去，下面是第13题：\n"
     + "已知函数f(x)=x^2-2x+3，在区间[0,3]上求最大值和最小值，并说明理由。\n" * 3,
     "framing on a line of its own between two items of a long paste"),
    ("學校下週三的段考題目，還沒印出來，先幫我看看：小明有35本書，送給同學12本，又買了8本，現在有多少本？",
     "traditional characters, a test named by its suffix"),
    # Classes added on r17-framing (the eleventh split read by class, then three own probes): tests named by a
    # period and an assessment noun or a round, a subject after the test verb, time since the start, not yet in
    # use, drafts, english clock words and vetting, items that ask nothing, pinyin, spaced characters, emoji,
    # framing in the middle of a long text, and past words inside the item's own text.
    ("这是下周期初检测的题，学生还没见过：" + MATH, "a period and an assessment noun (期初检测)"),
    ("高三二轮模拟第5题，学生还没见过：" + CHOICE, "a round of mocks"),
    ("下周作文大赛初赛的题目，先别外传：" + ESSAY, "a competition by its round"),
    ("考生物呢 " + CHOICE + " 选哪个", "a subject right after the test verb, the item straight after"),
    ("期中考试开考半小时了，" + MATH, "time since the start"),
    (MATH + "\n（月考未启用试题）", "not yet in use"),
    ("组里让我出单元检测的第6题，初稿如下：" + MATH, "a draft of an item being set"),
    ("The unit test is at quarter past two and I already have the paper: " + READING, "english clock words, having the paper"),
    ("I'm vetting next week's Year 8 quiz; nobody outside the department has seen it: " + READING, "english vetting, nobody has seen it"),
    ("这是明天月考的原题，别外传：简述光合作用的过程和意义。", "an item that asks nothing (简述)"),
    ("From tomorrow's French quiz, don't share it: Translate into French: I have lived here for ten years.",
     "an english item that asks nothing (Translate)"),
    ("ming tian yue kao de yuan ti: " + MATH, "a framing in pinyin"),
    ("这 是 下 周 期 末 考 试 的 题：" + MATH, "characters spaced out one by one"),
    ("📌 周五联考的压轴题 👇 " + MATH, "emoji around the framing, a pointer as the colon"),
    ("我带初三两个班，最近很忙，家长也常来问成绩。下面这道是下周联考的，卷子还没发：" + MATH + "\n另外帮我想想班会怎么开。",
     "framing as one sentence among several"),
    ("周测（明天考）原题：上次考试小红得了88分，这次考试比上次提高了5分，这次考试小红得了多少分？",
     "past words inside the item's own text: a word problem about a test"),
    ("考数学呢 向阳小学六年级的人数比去年多40%，今年有多少人？ 求答案", "past words inside the item's own text: a quantity"),
    ("Heads up - the history midterm is next week and this question is definitely on it: " + CHOICE,
     "english: this question is on it"),
    ("I'm a TA and I have the biology quiz paper for Tuesday. Is the marking right for this one? " + CHOICE,
     "english: I have the paper"),
    ("This is from the final on Friday, please keep it quiet: " + READING, "english: the final"),
    ("Checking the answer key for the chemistry test before it goes to print: " + MATH, "english: before it goes to print"),
    ("初三一轮复习检测这题大家先别做，周四才考：" + MATH, "复习 inside a test's name is no past"),
    ("Hi, hope you are well. I have been teaching for two years and this term has been exhausting, with parents' "
     "evenings, marking and a new scheme of work all landing at once. This question is from the maths test on "
     "Friday and the pupils haven't seen it yet: " + MATH + " Also, could you suggest ways to keep a noisy Year 9 "
     "class focused in the last lesson on a Friday afternoon? Seating plans and reward charts have not worked.",
     "english: a framing sentence in the middle of a long text, far from both ends"),
    ("We're taking the unit test on the 14th and someone posted the questions in the group chat. " + CHOICE,
     "english: an ordinal date, questions posted in a group chat"),
    ("THIS IS FROM TOMORROW'S QUIZ，DON'T SHARE：Explain why the moon has phases.",
     "full-width letters, a colon between words"),
    ("Our maths test is tomorrow and my friend has the paper. Solve for x: 3x - 7 = 2x + 5", "an equation is an item"),
    ("钉钉上的周练还没关，放学前截止，这题选啥：" + CHOICE, "an online test still open, a lesson-break time, 周练"),
    ("单元测进行到一半了，手表拍的：用“虽然……但是……”造一个句子。", "halfway through; an item with an ellipsis that asks to make a sentence"),
    ("英语口试的题我提前拿到了，午休后考，别问我哪来的：" + READING, "an oral test, don't ask where it came from"),
    ("For my students' quiz on Wednesday, here is the item I wrote; it hasn't been released: 解方程：2(x-3)=4x+6",
     "english: not been released; an equation with brackets"),
    # r18-framing: classes of the twelfth split's even templates, in other wordings.
    (MATH + "\nspelling test的题，老师 said keep it secret", "english test noun right before chinese"),
    (MATH + "\nYear 10 mock的题，in twenty minutes开始", "english mock and time right before chinese"),
    ("入学诊断第5题，下周一才用：" + MATH, "入学诊断: a stage and an assessment noun"),
    ("初三毕业检测正在进行 " + CHOICE, "毕业检测 is a test, being sat"),
    ("期末学科评价只剩十分钟 " + CHOICE, "time left right after a test's name"),
    ("zhengzai kao 期中，" + CHOICE + " 快", "a three-syllable pinyin cue alone"),
    ("Someone sent me the Year 9 science test before it was printed. " + READING, "english: before it was printed"),
    ("周五月考的题：某次知识竞赛共有25道题，答对一题得4分，答错或不答倒扣1分，小华做错了3道，其余都答对，他得了多少分？",
     "a long word problem naming a test: its past words are the item's"),
    ("This is question 3 of tomorrow's maths quiz. 明天上午8点出发的客车每小时行60千米，4小时后到达，两地相距多少千米？",
     "an item whose own text holds a time word and a quantity"),
    # r18-framing: classes of the twelfth split's odd templates (read after the even half's fixes).
    ("教研组让我给期中联考命一道压轴题，我拟好了：" + MATH, "an item set for a test by its writer"),
    ("kaoshizhong!! 第3题 " + CHOICE, "pinyin of 考试中 alone, a status at the start"),
    ("测验中勿扰，就这一道：" + CHOICE, "a test being sat said as a status"),
    ("这道是 Year 7 science quiz 的，还没 post，" + MATH, "chinese negation with an english verb"),
    (READING + " (an unpublished item from next week's reading test)", "english: unpublished"),
]


@pytest.mark.parametrize("text", [t for t, _ in FRAMED], ids=[i for _, i in FRAMED])
def test_a_framed_single_item_is_an_exam_item(text: str) -> None:
    found = ExamContextDetector().detect(ScanText(text))
    assert [f.entity for f in found] == ["EXAM_ITEM"]
    assert found[0].meta("source") == "context"
    assert found[0].text == text.strip()


CLEAN = [
    (ESSAY, "essay item without framing"),
    (MATH, "textbook word problem"),
    (CHOICE, "practice choice question"),
    ("下周就要期末考试了，怎么复习数学比较好？", "study question about an upcoming exam"),
    ("明天月考，我很紧张，晚上睡不着怎么办？", "exam nerves"),
    ("帮我出10道下周单元测验用的口算题，每题5分。", "asking for practice questions"),
    ("去年期末考试的第5题：" + MATH, "a past exam"),
    ("这次考试小明考了95分，比上次多了8分，上次考了多少分？", "exam words inside a word problem"),
    ("小明过了一会儿又做了3道题，一共做了多少道题？这道题明天讲。", "time words without a test"),
    ("明天要考试了，这道题我还不会：" + MATH, "a practice question the day before a test"),
    ("考试时遇到这种题怎么办：" + MATH, "exam advice"),
    ("下周就是期末了，老师布置了这道题让我们练：" + MATH, "homework before an exam"),
    ("帮我出一道类似的，下周测验用：" + MATH, "下周测验 is not the named test 周测"),
    ("明天月考，帮我看看这个题型怎么做：" + MATH, "a question type, not the paper"),
    ("期末考试考了这道题，我做错了：" + MATH, "a past exam, got wrong"),
    ("周五有个小测，这是老师发的复习题：" + MATH, "revision sheet"),
    ("这张卷子上的题我不会做：" + MATH, "a paper, nothing said of a test to come"),
    ("下午第三节就是数学小测，这题帮我讲讲思路：" + MATH, "a test coming; the item not said to be from it"),
    ("明天期末考试，帮我讲讲这道题：" + MATH, "a named test and a time, no link to the item"),
    ("孩子还没见过雪，帮我讲讲：雪是怎样形成的？请用三年级能懂的话解释一下原因。", "not yet seen, no test at all"),
    ("成绩还没公布，我好紧张。请帮我算一下：语文95，数学88，英语92，平均分是多少？", "results not out, no paper"),
    ("周五给班主任办惊喜生日会，大家要保密哦。顺便出一道题：一个蛋糕切成8块，吃了3块，还剩几分之几？", "a secret party"),
    ("我们的课题研究正在进行中，请帮我设计问卷第5题：你每天阅读多长时间？A.0-30分钟 B.30-60分钟 C.1小时以上", "a survey in progress"),
    ("这是一道思考题：" + MATH, "思考题 holds 考题"),
    ("《五年高考三年模拟》里的一道题，答案看不懂：" + MATH, "a book's title names no test"),
    ("下周体测，帮我算一下：" + MATH, "体测, a fitness test"),
    ("检测句子中是否有错别字。如果没有发现，输出“无”。\n" + MATH, "检测 and 没有发现 are not about a test"),
    ("阅读下面这首诗，完成各题。\n须臾收卷复把酒，如见万里烟尘清。\n下列赏析不正确的一项是（ ）", "收卷 in a poem"),
    ("中考数学压轴题专项训练：" + MATH, "a drill book's hard questions"),
    ("这是期中考完后老师发下来的卷子，我错了这题：" + MATH, "a marked paper handed back"),
    ("仿照这道题再编两道，用作月考前的课堂练习：" + MATH, "practice made before a test"),
    ("这道题的考点是什么？复习期末时看到的：" + MATH, "考点 as the point a question tests"),
    ("这是期中考的题，我做错了，帮我看看：" + MATH, "a past test's item got wrong"),
    ("Got my marked paper back from the chemistry test and lost marks here: " + READING, "a marked paper"),
    ("参考答案里这道题我没看懂：" + MATH, "参考 is no test"),
    ("下周三就是月考了，数学总考不及格，这几天怎么冲一冲？", "a study question after framing is no item"),
    ("他在一次考试中得了95分，比上次多了8分，上次得了多少分？", "考试中 inside a word problem"),
    ("“人是万物的尺度”是谁提出的命题？\nA. 泰勒斯\nB. 巴门尼德\nC. 赫拉克利特\nD. 普罗泰戈拉", "命题, a proposition"),
    ("For example, the latest contest results show that nearly all pupils improved. Which group improved most?",
     "example, latest, contest, nearly: not exam, test or early"),
    # What a school wants left alone (r15): tests in general, past papers, preparing, textbook exercises,
    # a teacher asking for a new question rather than pasting a real one.
    ("期末考试一般考哪些内容？帮我看看这道题属于哪个知识点：" + MATH, "what a test covers, in general"),
    ("这是2019年全国卷的高考题，帮我讲讲：" + CHOICE, "a dated national paper of a past year"),
    ("期中考试已经结束了，这是卷子上的第5题，我没做出来：" + MATH, "the test is said to be over"),
    ("在考试中怎样合理分配时间？比如这道题：" + MATH, "during an exam in general is advice"),
    ("帮我设计一份下周单元测验的试卷，题型参考这道：" + MATH, "asked to design a new paper"),
    ("我是数学老师，请帮我出一道和下面类似的新题，用于下周月考的复习：" + MATH, "a new question for revision"),
    ("Write three new questions similar to this one for tomorrow's quiz: " + MATH, "english: new questions"),
    ("孩子明天期中考试，今晚陪他做了一套模拟卷，这题他不会：" + MATH, "a mock paper done for practice"),
    ("请把下面这道题改编成一道填空题，放进学业水平考试复习讲义：" + MATH, "adapting a question for a revision handout"),
    ("老师在群里发了上周月考的卷子，让我们订正，这题：" + MATH, "a past paper posted for corrections"),
    ("中国民主促进会中央在调研的基础上建议有关部门制定标准。根据材料，概括其建议的主要内容并说明理由。",
     "在调研的基础上 is research, not a test being sat"),
    ("以下哪个国家在本年度没有发射月球探测器的计划\nA. 印度\nB. 日本\nC. 俄罗斯\nD. 以色列", "探测器, 发射: no test, no handing out"),
    ("监考老师需要注意哪些事项？考场纪律怎么跟学生讲清楚？", "an invigilator's duties, no item"),
    ("學校的段考已經考完了，這題我錯了：小明有35本書，送給同學12本，又買了8本，現在有多少本？", "traditional, over"),
    # A test coming and a question about it, in general (written after the held-out run, r15).
    ("老师说下周期中考试的题会比这道难：" + MATH, "the test's questions in general, compared"),
    ("期末考试的作文题一般是什么类型？比如这样的：" + ESSAY, "what kind of essay question a test has"),
    ("这道题下周会考到吗？老师上课讲过：" + MATH, "will it be tested: a modal, not a schedule"),
    ("期末考试的时候这种题一般放在第几题？" + MATH, "a kind of question"),
    ("明天考试，今天老师在群里发了一套练习题，这是第3题：" + MATH, "明天考试 is when, not a test's name; practice posted"),
    ("下周月考，帮我预测一下可能会考的题目，类似这道：" + MATH, "predicting, 会考 as 'will be tested'"),
    ("我正在准备期末考试，这道题怎么做？" + MATH, "正在 with a study verb is revising"),
    ("My final exam is next week, here's a question from the review sheet: " + MATH, "english: a review sheet"),
    # r17-framing: study requests with test and time words, and the words those classes must not take.
    ("2018年学业水平考试的题，答案早就公布了：" + MATH, "a dated paper whose answers are out"),
    ("From the biology test paper three years ago (published online): " + READING, "english: an old published paper"),
    ("这是我自己编的练习题，明天课上用：" + MATH, "my own practice item for a lesson"),
    ("下周期中考试，老师让我们先做这套练习卷，第3题：" + MATH, "a practice paper before a test"),
    ("这是科学考察队下周要做的测量题，结果还没公布：" + MATH, "学考 inside 科学考察 is no test"),
    ("英语听说考试的真题集里有这道，是2020年的，帮我讲讲：" + MATH, "听说 in a test's name is no hearsay"),
    ("I have a test next week; here is a practice question from my textbook: " + READING, "english: practice before a test"),
    ("考完了，分数出来了，这题扣分了：" + MATH, "over, marked"),
    ("我是新老师，学校对我们要求很高，下周期中考试，这是课本上的练习题：" + MATH, "学校对 is no proof-reading (校对)"),
    ("书店买的期末押题卷，公开出版的：" + MATH, "a bought, published 押题卷 is no sealed paper"),
    (READING + "\n老师说期中考试不考这个，但我想弄懂", "不考这个 is no link"),
]


@pytest.mark.parametrize("text", [t for t, _ in CLEAN], ids=[i for _, i in CLEAN])
def test_unframed_items_and_exam_talk_stay_clean(text: str) -> None:
    assert ExamContextDetector().detect(ScanText(text)) == []


def _finding(source: str) -> Finding:
    return Finding("EXAM_ITEM", 0, 10, "x" * 10, 0.8, "exam_context", (("source", source),))


def test_framed_items_follow_exam_context_action_which_blocks_by_default() -> None:
    j = judge([_finding("context")], PolicySettings())
    assert (j.action, j.rule_ids) == ("block", ("action.exam_context",))


def test_structural_items_keep_exam_structure_action() -> None:
    j = judge([_finding("structure")], PolicySettings())
    assert (j.action, j.rule_ids) == ("allow", ("action.exam_structure",))


def test_exam_context_action_can_be_configured() -> None:
    j = judge([_finding("context")], PolicySettings(exam_context_action="allow"))
    assert j.action == "allow"


def test_the_block_message_says_the_text_looks_like_unreleased_exam_material() -> None:
    msg = block_message(["EXAM_ITEM"])
    assert "考试" in msg and "尚未公开" in msg and "AI" in msg


def test_the_block_message_also_names_personal_data_blocked_with_the_item() -> None:
    msg = block_message(["EXAM_ITEM", "SECRET"])
    assert "试题" in msg and "密钥" in msg


def test_a_framed_item_sent_through_the_guard_is_blocked_with_the_exam_message(scanner: Scanner) -> None:
    from proxy.pipeline.guard import Guard, RequestView
    from proxy.pipeline.vault import VaultStore

    from tests.proxy.pipeline.test_guard import _chat, _route

    body = _chat("这是下周月考的作文题：" + ESSAY)
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=body)
    out = Guard(scanner, PolicySettings(), VaultStore()).inspect(req, _route("api.openai.com", "/v1/chat/completions"))
    assert out.decision.action == "block" and "action.exam_context" in out.decision.rule_ids
    assert out.block is not None and "尚未公开的考试" in out.block.body.decode()


def test_the_same_item_without_framing_is_not_blocked(scanner: Scanner) -> None:
    from proxy.pipeline.guard import Guard, RequestView
    from proxy.pipeline.vault import VaultStore

    from tests.proxy.pipeline.test_guard import _chat, _route

    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=_chat(ESSAY))
    out = Guard(scanner, PolicySettings(), VaultStore()).inspect(req, _route("api.openai.com", "/v1/chat/completions"))
    assert out.decision.action != "block"


def test_the_traditional_forms_map_one_for_one_onto_characters_the_patterns_use() -> None:
    from detectors.recognizers import exam_context as ec

    assert len(ec._HANT_FROM) == len(ec._HANT_TO) == len(set(ec._HANT_FROM))
    used = {c for p in (ec._NAMED, ec._TEST, ec._PAPER, ec._THIS_PAPER, ec._TIME, ec._ONGOING, ec._SECRECY,
                        ec._SEALED, ec._LIVE, ec._PAST, ec._SOFT_PAST, ec._RELATION, ec._STRONG, ec._ASKS,
                        ec._REQUEST, ec._MATERIAL)
            for c in p.pattern}
    assert set(ec._HANT_TO) <= used
