"""Exam items by their framing: framed and unframed single items from GAOKAO-Bench,
CMMLU and Ape210K, study requests about exams, and the ordinary negatives.

Owns the framing templates (tune, test, final, fresh, sealed and blind share no template,
test word or time word; the unseen, last, ninth, eleventh, twelfth and thirteenth vocabularies live
in `bench.framing_unseen`, `bench.framing_last`, `bench.framing_ninth`, `bench.framing_eleventh`,
`bench.framing_twelfth` and `bench.framing_thirteenth`), the item split (a seeded shuffle per source:
first half tune, second half test, later test-half items for final, fresh, sealed, blind, unseen,
last, ninth, eleventh, twelfth and thirteenth; the eleventh, twelfth and thirteenth splits also have
their own written items) and the figures of
part 2 of `python -m bench structure`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import load_negatives
from bench.exam import load_exam_data
from bench.framing_eleventh import ELEVENTH_FRAMING
from bench.framing_eleventh_items import ELEVENTH_ITEMS
from bench.framing_last import LAST_FRAMING
from bench.framing_ninth import NINTH_FRAMING
from bench.framing_thirteenth import THIRTEENTH_FRAMING
from bench.framing_thirteenth_items import THIRTEENTH_ITEMS
from bench.framing_twelfth import TWELFTH_FRAMING
from bench.framing_twelfth_items import TWELFTH_ITEMS
from bench.framing_unseen import UNSEEN_FRAMING
from bench.framing_vocab import FramingVocab
from bench.report import Target, fmt, section, table
from bench.scoring import SpanLike

__all__ = [
    "part_framing", "FramingVocab", "TUNE_FRAMING", "TEST_FRAMING", "FINAL_FRAMING", "FRESH_FRAMING",
    "SEALED_FRAMING", "BLIND_FRAMING", "UNSEEN_FRAMING", "LAST_FRAMING", "NINTH_FRAMING",
    "ELEVENTH_FRAMING", "TWELFTH_FRAMING", "THIRTEENTH_FRAMING",
    "FRAMING_SPLITS", "framed_texts", "unframed_texts", "split_source",
]

# The fresh seed was drawn with secrets.randbelow, not derived from the other seeds.
# The sealed seed was drawn the same way (secrets.randbelow(1_000_000)) on branch r7-framing,
# the blind seed likewise on branch r8-framing, the unseen seed likewise on branch r9-framing,
# the last seed likewise on branch r10-framing, the ninth seed likewise on branch r12-framing,
# the eleventh seed likewise on branch r15-splits, the twelfth seed likewise on branch r17-splits,
# the thirteenth seed likewise on branch r19-splits.
FRAMING_SEEDS = {"tune": 3131, "test": 4242, "final": 5353, "fresh": 9338, "sealed": 192836, "blind": 821926,
                 "unseen": 95081, "last": 552786, "ninth": 6730, "eleventh": 638562, "twelfth": 298305,
                 "thirteenth": 658682}
ITEMS_PER_SOURCE = 200


TUNE_FRAMING = FramingVocab(
    templates=(
        "这是{time}{exam}的题，帮我看看难度：\n{item}",
        "{exam}（{time}考）的原题，先别外传：{item}",
        "{item}\n——以上是{time}{exam}的题，还没公布，请给出详细解析",
        "我在出{time}的{exam}卷子，这道题合适吗？\n{item}",
        "Here is a question from {en_time}'s {en_exam}, please don't share it:\n{item}",
        "{time}{exam}押题：{item}",
        "帮我检查一下{time}{exam}的第{n}题有没有问题：{item}",
        "保密！{exam}试题，考前勿外传。\n{item}",
    ),
    exams=("月考", "期中考试", "单元测验", "模拟考"),
    times=("下周", "明天", "周五"),
    en_exams=("midterm", "unit test"),
    en_times=("tomorrow", "next week"),
    requests=(
        "下周就要期中考试了，怎么复习数学比较好？", "明天月考，我很紧张，怎么调整心态？",
        "帮我制定一份期末考试前两周的复习计划。", "模拟考试的作文一般多少分算高分？",
    ),
)
TEST_FRAMING = FramingVocab(
    templates=(
        "{exam}卷子还没交印，这是其中一道：{item}",
        "{item}\n（{time}{exam}用题，尚未公开，不要发给学生）",
        "同事让我审一下{time}的{exam}，第{n}题如下：\n{item}",
        "{time}就要{exam}了，这是我命的题，帮我估一下得分率：{item}",
        "The {en_exam} is {en_time}; this item is confidential until then.\n{item}",
        "内部资料 {exam}\n{item}",
        "{exam}正在考，学生问我这题：{item}",
        "请帮我润色{time}{exam}的这道题，考试结束前保密：{item}",
    ),
    exams=("期末考试", "联考", "周测", "摸底考试", "二模"),
    times=("后天", "下星期三", "今天下午"),
    en_exams=("final exam", "quiz"),
    en_times=("on Friday", "next Monday"),
    requests=(
        "期末考试快到了，有什么高效的复习方法？", "后天联考，晚上应该几点睡？",
        "周测成绩不理想，怎么和家长沟通？", "二模考试前一天应该做什么？",
    ),
)


#: Written after the detector was tuned and run once: templates, test words and time
#: words that neither tune nor test uses; items from the test half not used by test.
FINAL_FRAMING = FramingVocab(
    templates=(
        "给你看一道{time}{exam}的大题（学生还没考，别外传）：\n{item}",
        "{item}\n这是{exam}B卷的，{time}开考，答案先保密",
        "教研组刚定稿的{exam}试题，{time}用：{item}",
        "Please check this item for {en_time}'s {en_exam} (not released yet):\n{item}",
        "{time}{exam}，第{n}题，千万别泄露：{item}",
        "学生在{exam}考场上偷偷发来的：{item}",
    ),
    exams=("期末统考", "月考", "结业考试", "三模", "竞赛初赛"),
    times=("大后天", "下下周", "明天上午", "这周四"),
    en_exams=("mock exam", "final exam"),
    en_times=("next Thursday", "tomorrow morning"),
    requests=("期末统考前一晚应该复习什么？", "明天上午月考，早饭吃什么好？", "三模没考好，心态崩了怎么办？"),
)

#: Written after tune, test and final had been run, by someone who never read the detector,
#: never ran it on these texts and saw no score for them: how teachers (命题, 审卷, 印卷),
#: pupils (考场, 交卷前) and parents (卷子提前到手) talk about a paper that is not out yet.
#: Templates, test words, time words and requests are disjoint from the other three
#: vocabularies (tests/bench/test_framing_held_out.py); the item sits before, after or between
#: the framing sentences. `unframed` wraps the same items in study requests with test words
#: (真题, 复习, 作业 ...) that do not frame them as part of a coming or running test.
FRESH_FRAMING = FramingVocab(
    templates=(
        # teachers drafting, reviewing and printing the paper
        "备课组长让我把{time}的{exam}卷子再核一遍，这道选择题的答案我拿不准：\n{item}",
        "{item}\n这题是我给{time}的{exam}出的，教研组还没审，你看看表述有没有歧义。",
        "审卷时发现{exam}第{n}题可能有两个答案，帮我判断一下（卷子{time}才发下去）：\n{item}",
        "印卷前最后校对一遍。{exam}第{n}题：{item}\n请核对参考答案是否正确。",
        "文印室{time}就要印{exam}的卷子了，我把其中一道发你，帮我写个评分细则：\n{item}",
        "这份{exam}卷子是我们年级组自己命的，{time}考，学生还没见过。其中一题：\n{item}\n能不能帮我把难度降一点？",
        "我是这次{exam}的出卷老师，考试定在{time}。下面这道准备放在卷子最后：{item}",
        "{exam}已经封卷了，我手里留了一份底稿，开考前不能给任何人看。你帮我算一下这道：{item}",
        "区里统一命题的{exam}定在{time}，我们学校提前拿到了样卷。\n{item}\n这题的标准答案是什么？",
        "教研员发来的{exam}试卷（{time}用，严禁外传），第{n}题：\n{item}",
        "帮我把这道题改得面目全非一点，它在{time}的{exam}卷子上，怕学生提前押到原题：{item}",
        "{time}那场{exam}的卷子定稿了，这道题你帮我看一下：\n{item}\n答案先别给学生。",
        "下面是{time}那场{exam}里的一道题。\n{item}\n卷子上排第{n}题，考试还没开始，请帮我估一下区分度。",
        "卷子还锁在教务处的柜子里，{exam}定在{time}，先给你看这一道：{item}",
        "{item}\n↑ 这是{exam}（{time}考）的压轴题，还没考，你觉得中等生能做出来吗？",
        "明天一早要送去印刷厂的{exam}样卷，第{n}题如下，帮我看看数据有没有算错：\n{item}",
        # pupils during or just before the test
        "考场上，监考老师刚出去，快帮我做这题！\n{item}",
        "还有十分钟就收卷了，这道不会：{item}",
        "{exam}考到一半，第{n}题求速解：{item}",
        "我现在正在考{exam}，手机偷偷带进来的，这题选什么\n{item}",
        "离交卷还剩{n}分钟！！{item} 只要答案不要过程",
        "{item}\n监考在后排坐着，快点告诉我答案，我在考试",
        "第{n}题，{exam}，急！！考完请你喝奶茶\n{item}",
        "有人在年级群里发了{exam}的原卷（{time}才考），第{n}题是：{item}\n这是真的吗？",
        "隔壁班上午已经考完{exam}了，我们{time}考，他们偷偷告诉我有这道：{item}",
        "离{exam}开考还有{n}分钟，同桌说这道是卷子上的原题，快帮我讲一下：{item}",
        # parents who got the paper early
        "孩子{time}考{exam}，我托人提前拿到了卷子，帮我讲讲这道怎么做，我好先教他：\n{item}",
        "家长群里有人发了{exam}的试卷照片，{time}才考，这题是真的吗：{item}",
        "我是家长，老师不小心把{exam}的卷子发到了家长群，{time}才考。里面有一道：\n{item}",
        "{item}\n孩子他爸在学校文印室上班，说这是{exam}的题，{time}才考，我想先给孩子讲一遍。",
        # secrecy markers and "this is from the test"
        "【绝密★启用前】\n{exam}试卷\n{item}",
        "{exam}试题 · 考试结束前不得公开\n第{n}题 {item}",
        "{item}\n\n（本题选自{time}的{exam}正式试卷，考前请勿转发）",
        "离{exam}还有{n}天，下面这题是从正式卷子里抽出来的，先帮我出个详细解析：{item}",
        "这道题{time}就要拿去考了，{exam}结束之前不要给别人看哦：{item}",
        "{exam}原卷第{n}题（{time}开考）：{item}",
        "{exam}题目（{time}）\n{item}\n以上内容在考试前属保密材料。",
        # English framings
        "I'm proctoring the {en_exam} right now and a student asked about this one. Is the key right?\n{item}",
        "The {en_exam} is {en_time}. This is question {n} from the actual paper, keep it to yourself:\n{item}",
        "EMBARGOED until the {en_exam} ends {en_time}.\n{item}",
        "{item}\nThis one is on the {en_exam} {en_time}. Students haven't seen it yet, "
        "so please don't post it anywhere.",
        "Drafting the {en_exam} for {en_time}. Is this item fair?\n{item}",
        "My kid's {en_exam} is {en_time} and I got hold of the paper early. Explain this one:\n{item}",
        "Sitting the {en_exam} now, phone under the desk. Quick, answer only:\n{item}",
    ),
    exams=(
        "一模", "期中检测", "学业水平测试", "适应性考试", "阶段性测试", "分班考试", "教学质量检测",
        "调研考试", "随堂小测", "开学考试", "选拔考试", "期末质检",
    ),
    times=(
        "周三第二节", "周二第四节", "下礼拜一", "今晚", "月底", "下午", "本周", "这个周末",
        "元旦前", "国庆假期后", "下个月初", "礼拜四上午", "两天后", "开学第一周",
    ),
    en_exams=("end-of-term exam", "placement test", "district exam", "chemistry test", "entrance exam"),
    en_times=("this afternoon", "on Wednesday", "in two days", "later today", "first thing Monday", "this Saturday"),
    requests=(
        "一模还有三周，数学压轴题总是做不完，考试时间该怎么分配？",
        "孩子周三要阶段性测试，晚上陪他复习什么比较好？",
        "第一次监考，监考老师需要注意哪些事项？",
        "出期中检测卷子时，基础题、中档题和难题的比例一般怎么定？",
        "学业水平测试前一周，每天怎么安排复习时间？",
        "分班考试一般考什么内容？需要提前预习吗？",
        "How should I prepare for a placement test this afternoon?",
        "考场上突然大脑一片空白怎么办？",
        "备课组要统一命题，审卷的时候应该重点看哪些地方？",
        "适应性考试成绩出来了，怎么写一份试卷分析？",
        "交卷前检查试卷有什么技巧？",
    ),
    unframed=(
        "期中复习资料里的练习题，不太会做，能讲讲思路吗？\n{item}",
        "{item}\n这是去年期末的真题，网上能搜到，帮我分析一下考点。",
        "课后习题第{n}题，老师说考试常考这种类型：{item}",
        "模拟练习册上的一道题，我做错了，帮我看看错在哪：{item}",
        "请仿照下面这道题，出一道类似的题给学生课后练习：\n{item}",
        "整理错题本：上次{exam}考完发下来的卷子里，这道我错了。\n{item}",
        "往年高考真题，我在刷题，求详细解析：{item}",
        "作业里的一道题，明天要交，帮我讲一下思路（不要直接给答案）：{item}",
        "老师把往年的{exam}卷子发给我们当练习，这是其中一道：{item}",
        "教材第{n}页的例题：\n{item}\n书上的解法太简略了，能再详细一点吗？",
        "我在备考，做到一本真题汇编里的题：{item} 这种题一般考什么知识点？",
        "{item}\n这是我自己编的练习题，想给孩子做，难度合适吗？",
        "考前复习，这道是课本上的练习，我想确认一下答案：{item}",
        "这是公开的历年真题，已经有官方答案了，我只是想看看别的解法：\n{item}",
        "帮我把这道题改编成三道难度递进的练习题，用于期末复习课：{item}",
        "家长辅导作业：孩子做这道题卡住了，我也不会，求讲解。\n{item}",
        "{item}\n上学期考过的题，试卷已经讲评过了，再帮我总结一下方法。",
        "Practice question from last year's past paper, can you walk me through it?\n{item}",
        "Homework help: this is from our textbook's end-of-chapter exercises.\n{item}",
        "期末复习周，老师布置了一套练习，这是第{n}题：{item}",
        "用这道题给学生讲解题方法，准备放在下周的复习课上：\n{item}",
        "{exam}已经考完了，成绩也出了，这道题我还是没想明白：\n{item}",
    ),
)

# Written on branch r7-framing by a helper who never opened the detector's code, never ran
# the detector, the scanner or `bench structure` on this split and saw no score for it; the
# other four vocabularies were read only by a disjointness check run after this was written.
SEALED_FRAMING = FramingVocab(
    templates=(
        # teachers setting and checking the paper
        "{exam}的卷子是我出的，{time}考，这道题放在第{n}题合不合适？帮我看看难度：\n{item}",
        "我们年级组在命{exam}的题，最后定了这一道，开考前一个字都不能往外说。请给出标准答案和评分细则：\n{item}",
        "帮我审一下这道题，是{exam}卷子里的第{n}题，卷子{time}才发到学生手上：\n{item}",
        "同事让我帮忙试做一遍{exam}的卷子，看看时间够不够，{time}正式考。第{n}题：\n{item}",
        "这次{exam}的压轴题定了。\n{item}\n考完之前别跟学生透露，先帮我写一份详细的评分标准。",
        "{item}\n上面是{time}{exam}的原题，我是命题老师，想请你检查一下答案有没有争议。",
        "年级主任交代，{exam}的题目{time}之前谁都不许泄露。这道我自己都没想明白：\n{item}",
        # printing, sealing, storing and transporting
        "学校文印室{time}开印{exam}试卷，付印前我再校一遍。第{n}题：{item}\n答案是不是唯一的？",
        "{exam}的卷子已经装进密封袋贴了封条，我手上留了一份样卷，{time}开封。\n{item}\n这题的参考答案对吗？",
        "我负责押运{exam}试卷到考点，路上看了眼样卷，有一道题不会：{item}",
        "下面这道是{exam}的题，卷子还锁在教务处的铁皮柜里，{time}才启封：{item}",
        "我们学校是{exam}的考点，我是考务人员，刚清点完试卷，有一道题挺有意思：{item}",
        "{item}\n上面这题出自{time}的{exam}，现在还在保密期，请直接写解答，不要提考试的事。",
        # invigilators
        "我正在监考{exam}，学生都在埋头答题，我看了下卷子第{n}题，你帮我算算答案：{item}",
        "{item}\n这是我今天巡考时在{exam}卷子上看到的，考试还没结束，能快点给个答案吗？",
        "监考的时候无聊，翻了翻{exam}的卷子，离收卷还有四十分钟，这题怎么做？\n{item}",
        # pupils during the test or just before
        "快！{exam}正在考，这题我卡住了：{item} 直接给答案就行",
        "躲在厕所里发的，{exam}还没考完，第{n}题：\n{item}\n急求答案，选哪个",
        "手机藏在桌肚里，{exam}第{n}题不会：{item}\n老师在讲台上坐着，只要答案不要过程！",
        "还有十分钟就进考场了，听说{exam}的题已经流出来了，第{n}题就是这个：{item}",
        "{time}就考{exam}了，学长说这道是今年的原题，帮我做出来我好背答案：\n{item}",
        "{exam}的卷子昨晚被人从办公室拍了出来，{time}考，这是其中一道：\n{item}",
        # parents and tutors with a paper in hand early
        "孩子班主任不小心把{exam}的卷子发进了家长群，马上又撤回了，我截到了一题：{item}\n孩子{time}考，先帮我讲讲思路。",
        "我是家教，学生家长弄到了{time}{exam}的卷子，让我提前给孩子过一遍。这道怎么讲：\n{item}",
        "{item}\n朋友在学校教务处上班，说这是{time}{exam}的真题，还没印发，麻烦把详细解答写出来。",
        "家长群里在传一张照片，说是{exam}的试题，{time}才考。照片上的题：\n{item}\n是真的吗？先帮忙解一下。",
        # leaked photos in group chats
        "班群里有人发了{exam}的卷子照片，一分钟就被群主删了，我只记下了这一道：{item}",
        "QQ群里有人在卖{exam}的答案，先发了一道题当样品：\n{item}\n说是{time}考的，你看看他给的答案对不对",
        "有人在朋友圈晒出{exam}的题，说{time}开考一模一样，我存了图，其中一题是：{item}",
        # school, district and city exams, competitions
        "区教研室统一命题的{exam}，{time}全区同时开考，这道是我们学校拿到的样卷上的：\n{item}",
        "绝密★启用前\n{exam}\n第{n}题 {item}\n请帮我写出答案和解题步骤。",
        "市里的{exam}{time}举行，我们学校分到了出这部分题：\n{item}\n这个难度放在第{n}题行不行？",
        "{time}就是数学竞赛初赛，教练拿到了赛题，让我们先做一遍：{item}",
        "我是这次学科竞赛的出题人之一，赛题要到比赛结束才公布，想确认一下这道的答案：\n{item}",
        "{exam}补考用的是同一套卷子，补考{time}进行，这道题：{item}\n给补考的学生讲之前我得先弄懂。",
        "{exam}卷子上的：\n{item}\n考试在{time}，题目现在只有我们命题组几个人知道。",
        # English
        "I'm invigilating the {en_exam} right now and spotted this question on the paper: {item} What's the answer?",
        "This is from the {en_exam}, which we sit {en_time}; the paper isn't public yet. Solve it for me:\n{item}",
        "{item}\nLeaked from our {en_exam} ({en_time}). Someone posted it in the class WeChat group before it got deleted.",
        "Our department is finalising the {en_exam}; it's {en_time}. Question {n} reads:\n{item}\n"
        "Please check the answer key. Confidential until the exam is over.",
        "My son's tutor somehow has a copy of the {en_exam} paper, and the exam is {en_time}. One question: {item} "
        "Can you explain it so he's ready?",
        "Quick, I'm in the middle of the {en_exam}, question {n}: {item}",
        "I'm the exams officer checking the printed copies of the {en_exam} before they are sealed; it opens {en_time}.\n"
        "{item}\nIs this question well posed?",
        "{en_exam}（{time}）的题，还没公布：{item}",
    ),
    exams=("第二次月考", "单元过关检测", "期末调研考", "零模", "区统考", "分班考", "学业水平考试", "开学摸底考",
           "期中联考", "市质检", "半期考", "小升初模拟考", "教学质量抽测", "省统测"),
    times=("后天上午", "下个礼拜四", "周四第三节", "这个周六", "明早八点", "后天第一节", "下个月五号", "两天以后",
           "本周五下午", "下周末", "明天下午两点半", "放假前", "十二月十八号", "国庆收假后"),
    en_exams=("end-of-year exam", "district unified test", "unit assessment", "entrance test",
              "city-wide mock exam", "semester final", "term test", "maths competition first round"),
    en_times=("first thing tomorrow", "next Tuesday", "this Friday afternoon", "in three days",
              "the day after tomorrow", "later this week", "on Monday", "at 8 a.m. tomorrow"),
    requests=(
        "下周三就是第二次月考了，数学总考不到及格线，这几天怎么冲一冲？",
        "孩子明天中考，晚上紧张得睡不着，家长该跟他说些什么？",
        "监考老师需要注意哪些事项？考场纪律怎么跟学生讲清楚？",
        "期末试卷命题时，基础题、中档题和难题的比例一般怎么定？",
        "帮我写一份考前动员讲话，面向初三学生，三分钟左右。",
        "How should I pace myself in a three-hour exam tomorrow? I always run out of time.",
        "学校要求试卷保密，老师印卷、封卷、保管试卷有什么规范流程？",
        "考试作弊被抓到会有什么处分？我同学说期中考试有人带了手机。",
        "下午就考英语了，作文开头有没有比较稳妥的写法？",
        "高考前一天要不要去看考场？需要带哪些证件？",
        "数学竞赛初赛还有半个月，每天刷多少题合适？",
        "给家长群写个通知：本周五进行单元检测，请督促孩子早点睡。",
    ),
    unframed=(
        "这是{exam}考完后老师发下来的卷子，我错了这题，帮我看看错在哪：\n{item}",
        "{item}\n这是往年{exam}的真题，网上都能搜到，我拿来练手，请讲讲思路。",
        "为了准备{exam}，我在刷往年的卷子，这道不会：{item}",
        "练习册上的题，{exam}前复习用：\n{item}",
        "老师让我们把{exam}试卷上的错题抄到错题本上，再写一遍解答，这题：{item}",
        "请出一道和下面这题类似的题，给学生{exam}前巩固用：\n{item}",
        "今天数学作业第{n}题，老师说{exam}会考类似的：{item}",
        "这是学校去年印的{exam}模拟卷，已经讲评过了，能再解释一下吗：{item}",
        "帮我解释这道题为什么选这个答案，是教辅书上的：\n{item}\n快{exam}了想弄明白。",
        "{item}\n仿照这道题再编三道，难度差不多，用作{exam}前的课堂练习。",
        "这道题的考点是什么？复习{exam}时在学案上看到的：{item}",
        "我女儿{exam}已经考完了，卷子发回来，这题扣了分，麻烦讲讲：{item}",
        "网上公开的{exam}历年试题汇编里有这道，答案解析看不懂：\n{item}",
        "请把下面这道题改编成一道填空题，放进{exam}复习讲义：{item}",
        "周末在家做的{exam}专项训练，这题对答案时发现和我的不一样：\n{item}",
        "{item}\n这是课本第{n}页的例题，在{exam}范围内，能换一种方法解吗？",
        "上次{exam}的试卷讲评课我请假了，这道题老师讲的是什么思路：{item}",
        "孩子说这道题{exam}前老师在课上讲过，我辅导作业时看不懂：\n{item}",
        "I'm revising for the {en_exam} with past papers from previous years. Can you explain this one?\n{item}",
        "This was on last term's {en_exam}; we got our marked scripts back. Where did I go wrong?\n{item}",
        "Homework question, not from any test, though similar ones come up in the {en_exam}: {item}",
        "{item}\nThis is a textbook exercise. Could you explain the method step by step before my {en_exam}?",
    ),
)


# The blind vocabulary: written on branch r8-framing from general knowledge of how Chinese
# teachers, students, parents and exam staff talk, without reading the detector or the
# other five vocabularies; checked for shared strings with them only afterwards (by program).
BLIND_FRAMING = FramingVocab(
    templates=(
        # upcoming, said plainly
        "这是{time}{exam}的题，帮我做一下：\n{item}",
        "{exam}还没考，这是其中一道，答案是什么？\n{item}",
        "卷子还没印，{exam}第{n}题先给你看看：{item}",
        "{time}{exam}考的原题，求详细答案\n{item}",
        "{item}\n这道是{time}{exam}要考的，快帮我算出来",
        "老师押的{exam}题，说八九不离十就是原题：{item} 帮我写个标准答案",
        "别外传啊，{exam}的题：{item}",
        "{exam}的题目流出来了，{time}考，第{n}题：{item}",
        "学长给的{time}{exam}的卷子，说跟正式卷一模一样：{item}",
        "有人在群里发了{time}{exam}的卷子，这题答案是啥\n{item}",
        "{item}\n——{exam}第{n}题，{time}就考了，答案发我",
        "这道题是{exam}卷子上的，还没开考，先帮我解一下：{item}",
        # ongoing
        "正在考{exam}，第{n}题不会，快！！\n{item}",
        "考场上，偷偷问一下：{item}",
        "{exam}考试进行中，这题选什么\n{item}",
        "还剩二十分钟交卷，{exam}第{n}题：{item}",
        "在考试呢，急，直接给答案：{item}",
        "{item} 快点 {exam}还有半小时收卷",
        "线上{exam}，摄像头开着，快告诉我选哪个：{item}",
        "监考出去了，{exam}这道怎么做{item}",
        # confidential: teachers and exam staff
        "我是出卷老师，{time}{exam}第{n}题，帮我检查一下答案对不对：{item}",
        "{exam}试卷已经定稿，保密期间，帮我核对第{n}题：{item}",
        "这是我给{time}{exam}出的题，还没发给学生，难度合适吗？\n{item}",
        "教研组自己出的{exam}卷子，不要往外发，先帮我看这道：{item}",
        "{exam}命题稿（保密），第{n}题的参考答案帮我写一下：{item}",
        "印卷之前再校对一遍，{exam}第{n}题：{item}",
        "保密卷，{time}{exam}开考前不得泄露。{item}",
        "年级组刚审完的{exam}卷子，第{n}题答案给我算一下：{item}",
        # parents and classmates
        "孩子{time}{exam}，听说这是原题，家长先帮着做一遍：{item}",
        "家长群里传的{exam}题，说{time}就考这个，帮我出答案：{item}",
        "同学拍了{exam}的卷子，{time}考，这题怎么做：{item}",
        "{time}要考{exam}了，老师不小心把题发到群里了：{item}",
        "课代表去办公室看到了{exam}的卷子，第{n}题是这个：{item}",
        "{item}\n这是{exam}的原题哈，考前别给别人看",
        # English
        "This is on {en_exam} {en_time} and we haven't sat it yet: {item}",
        "Taking {en_exam} right now, quick, what's the answer?\n{item}",
        "Don't share this, it's from {en_exam} {en_time}. Q{n}: {item}",
        "Someone leaked {en_exam} for {en_time}; solve Q{n} for me: {item}",
        "I'm the teacher setting {en_exam} for {en_time}. Can you check my answer key for this one? {item}",
        "{item}\n(question {n} of {en_exam}, which is {en_time} - need the answer before then)",
        "Exam in progress, {en_exam}, can't talk: {item}",
    ),
    exams=(
        "高二下学期第三次月考", "区质量监测", "九年级一诊", "二诊", "学业水平合格考", "小升初分班考",
        "返校摸底测试", "物理单元过关考", "十二校联考", "省质检", "三校联考", "数学周测", "化学小测",
        "英语听力模考", "初三适应性训练", "强基计划校测", "八年级质量检测", "期中统测",
    ),
    times=(
        "后天早上", "本周四上午", "周五下午第二节", "下礼拜三", "今儿下午", "明早第一节", "过两天",
        "下月三号", "跨年那天", "国庆回来", "下下个星期", "这个星期六", "今晚自习", "三天后", "这个月二十八号",
    ),
    en_exams=(
        "the Year 11 mocks", "our chem quiz", "the county assessment", "the unit 5 test",
        "the scholarship paper", "the end-of-term paper", "the streaming test",
    ),
    en_times=(
        "Monday first period", "next Wednesday", "two days from now", "on Thursday after break",
        "straight after lunch", "tomorrow at 8", "at 2pm today",
    ),
    requests=(
        "下周二期中，帮我排一个七天的复习计划",
        "孩子明天月考，晚上紧张得睡不着，怎么安慰？",
        "监考老师培训材料，帮我列一下考场纪律要点",
        "帮我写一段考前动员的班会发言，三分钟左右",
        "出期末卷的时候，基础题、中档题、难题的比例一般多少合适？",
        "作文阅卷怎么给分才比较公平？",
        "二诊考完了，数学只考了九十多，下一步怎么调整？",
        "开考前十分钟做什么能放松一点？",
        "How should I revise for my chemistry test next Friday?",
        "高考前一晚吃什么比较好",
        "期中考试后的家长会，班主任发言稿帮我写一份",
        "考试的时候遇到不会的题先跳过还是先死磕？",
    ),
    unframed=(
        "这是去年{exam}的真题，想看看解析：{item}",
        "{exam}的卷子发下来了，这题扣了分，错在哪？\n{item}",
        "{exam}已经考完了，老师讲评的时候我没听懂这题：{item}",
        "数学作业第{n}题，不会写：{item}",
        "今晚的家庭作业，帮我讲讲思路（不要直接给答案）：{item}",
        "练习册上第{n}题：{item}",
        "《五年高考三年模拟》里的一道题，答案看不懂：{item}",
        "课本第{n}页的例题，为什么这样做？\n{item}",
        "课后习题：{item}\n能分步骤讲一下吗",
        "{time}{exam}，考前想多练练，出几道和这道类似的题：{item}",
        "快{exam}了，这种题型总错，给我找几道同类型的练习：{item}",
        "这道题的知识点是什么？{exam}常考吗？\n{item}",
        "帮孩子看看这道题怎么讲，他总是弄不懂：{item}",
        "错题本整理：{item}\n请写出正确解法和易错点",
        "往年{exam}试卷里的题，网上都能搜到，讲一下：{item}",
        "我是老师，备课用，这道教材习题有没有更简单的讲法？{item}",
        "寒假作业上的题：{item}",
        "上次{exam}的卷子订正，这题正确答案是什么？{item}",
        "Old question from {en_exam} two years ago, I still don't get the method: {item}",
        "Got my marked paper back from {en_exam} and lost marks here: {item}",
        "Stuck on number {n} of tonight's maths homework: {item}",
        "Since {en_exam} is {en_time}, give me a few more like this one for practice: {item}",
    ),
)


def framed_texts(items: Sequence[str], vocab: FramingVocab, rng: random.Random) -> list[str]:
    return _fill(items, vocab.templates, vocab, rng)


def unframed_texts(items: Sequence[str], vocab: FramingVocab, rng: random.Random) -> list[str]:
    """The items inside the vocabulary's unframed study requests ([] when it has none)."""
    return _fill(items, vocab.unframed, vocab, rng) if vocab.unframed else []


def _fill(items: Sequence[str], templates: Sequence[str], vocab: FramingVocab, rng: random.Random) -> list[str]:
    out = []
    for item in items:
        t = rng.choice(templates)
        out.append(t.format(item=item.strip(), exam=rng.choice(vocab.exams), time=rng.choice(vocab.times),
                            en_exam=rng.choice(vocab.en_exams), en_time=rng.choice(vocab.en_times),
                            n=rng.randint(1, 22)))
    return out


FRAMING_SPLITS: tuple[str, ...] = ("tune", "test", "final", "fresh", "sealed", "blind", "unseen", "last",
                                 "ninth", "eleventh", "twelfth", "thirteenth")
VOCABS = {"tune": TUNE_FRAMING, "test": TEST_FRAMING, "final": FINAL_FRAMING, "fresh": FRESH_FRAMING,
          "sealed": SEALED_FRAMING, "blind": BLIND_FRAMING, "unseen": UNSEEN_FRAMING,
          "last": LAST_FRAMING, "ninth": NINTH_FRAMING, "eleventh": ELEVENTH_FRAMING, "twelfth": TWELFTH_FRAMING,
          "thirteenth": THIRTEENTH_FRAMING}
#: Items written for one split alone, in every subject and both languages.
WRITTEN_ITEMS: dict[str, tuple[str, ...]] = {"eleventh": ELEVENTH_ITEMS, "twelfth": TWELFTH_ITEMS,
                                             "thirteenth": THIRTEENTH_ITEMS}


def split_source(items: Sequence[str], name: str) -> dict[str, list[str]]:
    """{split: items} for one source: a seeded shuffle, first half tune, second half test."""
    shuffled = sorted(set(items))
    random.Random(f"framing/{name}").shuffle(shuffled)
    half = len(shuffled) // 2
    tune_half, test_half = shuffled[:half], shuffled[half:]
    out = {"tune": tune_half[:ITEMS_PER_SOURCE], "test": test_half[:ITEMS_PER_SOURCE]}
    # The final split takes the next test-half items; CMMLU dev has too few, so
    # its final items are the test items again, under the final templates.
    rest = test_half[ITEMS_PER_SOURCE : 2 * ITEMS_PER_SOURCE]
    out["final"] = rest if len(rest) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The fresh split takes the test-half items after final's, else the tune-half items
    # tune never used, else (CMMLU dev) the test items again, under the fresh templates.
    fresh = test_half[2 * ITEMS_PER_SOURCE : 3 * ITEMS_PER_SOURCE]
    if len(fresh) < ITEMS_PER_SOURCE // 2:
        fresh = tune_half[ITEMS_PER_SOURCE : 2 * ITEMS_PER_SOURCE]
    out["fresh"] = fresh if len(fresh) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The sealed split likewise: the test-half items after fresh's, else the tune-half
    # items neither tune nor fresh used, else (CMMLU dev) the test items again.
    sealed = test_half[3 * ITEMS_PER_SOURCE : 4 * ITEMS_PER_SOURCE]
    if len(sealed) < ITEMS_PER_SOURCE // 2:
        taken = set(out["fresh"])
        sealed = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["sealed"] = sealed if len(sealed) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The blind split likewise: the test-half items after sealed's, else the tune-half
    # items tune, fresh and sealed left unused, else (CMMLU dev) the test items again.
    blind = test_half[4 * ITEMS_PER_SOURCE : 5 * ITEMS_PER_SOURCE]
    if len(blind) < ITEMS_PER_SOURCE // 2:
        taken = set(out["fresh"]) | set(out["sealed"])
        blind = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["blind"] = blind if len(blind) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The unseen split likewise: the test-half items after blind's, else the tune-half
    # items tune, fresh, sealed and blind left unused, else (CMMLU dev) the test items again.
    unseen = test_half[5 * ITEMS_PER_SOURCE : 6 * ITEMS_PER_SOURCE]
    if len(unseen) < ITEMS_PER_SOURCE // 2:
        taken = set(out["fresh"]) | set(out["sealed"]) | set(out["blind"])
        unseen = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["unseen"] = unseen if len(unseen) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The last split likewise: the test-half items after unseen's, else the tune-half items
    # tune, fresh, sealed, blind and unseen left unused, else (CMMLU dev) the test items again.
    last = test_half[6 * ITEMS_PER_SOURCE : 7 * ITEMS_PER_SOURCE]
    if len(last) < ITEMS_PER_SOURCE // 2:
        taken = set(out["fresh"]) | set(out["sealed"]) | set(out["blind"]) | set(out["unseen"])
        last = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["last"] = last if len(last) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The ninth split likewise: the test-half items after last's, else the tune-half items
    # tune, fresh, sealed, blind, unseen and last left unused, else (CMMLU dev) the test items again.
    ninth = test_half[7 * ITEMS_PER_SOURCE : 8 * ITEMS_PER_SOURCE]
    if len(ninth) < ITEMS_PER_SOURCE // 2:
        taken = set(out["fresh"]) | set(out["sealed"]) | set(out["blind"]) | set(out["unseen"]) | set(out["last"])
        ninth = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["ninth"] = ninth if len(ninth) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The eleventh split likewise: the test-half items after ninth's, else the tune-half items
    # tune and the six held-out splits before it left unused, else (CMMLU dev) the test items again.
    eleventh = test_half[8 * ITEMS_PER_SOURCE : 9 * ITEMS_PER_SOURCE]
    if len(eleventh) < ITEMS_PER_SOURCE // 2:
        taken = {t for s in ("fresh", "sealed", "blind", "unseen", "last", "ninth") for t in out[s]}
        eleventh = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["eleventh"] = eleventh if len(eleventh) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The twelfth split likewise: the test-half items after eleventh's, else the tune-half items
    # tune and the seven held-out splits before it left unused, else (CMMLU dev) the test items again.
    twelfth = test_half[9 * ITEMS_PER_SOURCE : 10 * ITEMS_PER_SOURCE]
    if len(twelfth) < ITEMS_PER_SOURCE // 2:
        taken = {t for s in ("fresh", "sealed", "blind", "unseen", "last", "ninth", "eleventh") for t in out[s]}
        twelfth = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["twelfth"] = twelfth if len(twelfth) >= ITEMS_PER_SOURCE // 2 else out["test"]
    # The thirteenth split likewise: the test-half items after twelfth's, else the tune-half items
    # tune and the eight held-out splits before it left unused, else (CMMLU dev) the test items again.
    thirteenth = test_half[10 * ITEMS_PER_SOURCE : 11 * ITEMS_PER_SOURCE]
    if len(thirteenth) < ITEMS_PER_SOURCE // 2:
        taken = {t for s in ("fresh", "sealed", "blind", "unseen", "last", "ninth", "eleventh", "twelfth")
                 for t in out[s]}
        thirteenth = [t for t in tune_half[ITEMS_PER_SOURCE:] if t not in taken][:ITEMS_PER_SOURCE]
    out["thirteenth"] = thirteenth if len(thirteenth) >= ITEMS_PER_SOURCE // 2 else out["test"]
    return out


def _split_items(eval_dir: Path) -> dict[str, dict[str, list[str]]]:
    """{split: {source: items}}, one `split_source` per source."""
    data = load_exam_data(eval_dir)
    sources = {
        "gaokao": [t for p in data.papers for t in p.items if len(t) <= 1500],
        "cmmlu": [c.format() for c in data.cmmlu],
        "ape210k": list(data.ape),
    }
    out: dict[str, dict[str, list[str]]] = {split: {} for split in FRAMING_SPLITS}
    for name, items in sources.items():
        for split, chosen in split_source(items, name).items():
            out[split][name] = chosen
    # Items written for the eleventh split alone, for the twelfth alone and for the thirteenth alone.
    for split, written in WRITTEN_ITEMS.items():
        out[split]["written"] = list(written)
    return out


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def cell(self) -> str:
        return f"{fmt(self.rate)} ({self.hits}/{self.total})"


def part_framing(
    scan: Callable[[str], Sequence[SpanLike]], eval_dir: Path, splits: Sequence[str]
) -> tuple[dict[str, Any], list[Target]]:
    section("2. Exam items by their framing (ExamContextDetector, source=context)")
    seeds = {s: FRAMING_SEEDS[s] for s in splits}
    print(f"  {ITEMS_PER_SOURCE} single items per source and split (GAOKAO-Bench items of <= 1,500 characters,\n"
          f"  CMMLU dev with options, Ape210K valid; the eleventh split also {len(ELEVENTH_ITEMS)} written items,\n"
          f"  the twelfth {len(TWELFTH_ITEMS)}, the thirteenth {len(THIRTEENTH_ITEMS)});\n"
          "  the items of tune and test are disjoint halves,\n"
          f"  templates, test words and time words differ; seeds {seeds}.")

    def context(text: str) -> bool:
        return any(f.entity == "EXAM_ITEM" and getattr(f, "detector", "") == "exam_context" for f in scan(text))

    by_split = _split_items(eval_dir)
    figures: dict[str, Any] = {}
    targets: list[Target] = []
    negatives = [s.text for s in load_negatives(eval_dir, ("EXAM_ITEM",))]
    neg = Rate(sum(map(context, negatives)), len(negatives))
    for split in splits:
        vocab = VOCABS[split]
        rng = random.Random(FRAMING_SEEDS[split])
        # A second stream, so that the framed texts do not depend on the unframed ones.
        rng_unframed = random.Random(f"{FRAMING_SEEDS[split]}/unframed")
        rows = []
        framed_all, plain_all, study_all = Rate(0, 0), Rate(0, 0), Rate(0, 0)
        misses: list[str] = []
        flagged: list[str] = []
        for source, items in by_split[split].items():
            framed = framed_texts(items, vocab, rng)
            hits = [context(t) for t in framed]
            misses += [t for t, h in zip(framed, hits) if not h][:3]
            f = Rate(sum(hits), len(framed))
            p = Rate(sum(map(context, items)), len(items))
            framed_all = Rate(framed_all.hits + f.hits, framed_all.total + f.total)
            plain_all = Rate(plain_all.hits + p.hits, plain_all.total + p.total)
            rows.append([source, f.cell(), p.cell()])
            figures.setdefault(split, {})[source] = {"framed": {"hits": f.hits, "total": f.total},
                                                     "unframed": {"hits": p.hits, "total": p.total}}
            if vocab.unframed:
                study = unframed_texts(items, vocab, rng_unframed)
                study_hits = [context(t) for t in study]
                flagged += [t for t, h in zip(study, study_hits) if h][:3]
                u = Rate(sum(study_hits), len(study))
                study_all = Rate(study_all.hits + u.hits, study_all.total + u.total)
                rows[-1].append(u.cell())
                figures[split][source]["unframed_in_request"] = {"hits": u.hits, "total": u.total}
        rows.append(["all", framed_all.cell(), plain_all.cell()])
        header = ["source", "framed: reported (recall)", "unframed: reported"]
        if vocab.unframed:
            rows[-1].append(study_all.cell())
            header.append("unframed in a study request: reported")
        req = Rate(sum(map(context, vocab.requests)), len(vocab.requests))
        print(f"\n  split {split} (seed {FRAMING_SEEDS[split]}):")
        print(table(header, rows))
        print(f"  exam talk without an item ({len(vocab.requests)} requests) reported: {req.cell()}")
        for t in misses[:6]:
            print(f"  missed: {t[:90]!r}")
        for t in flagged[:6]:
            print(f"  flagged unframed: {t[:90]!r}")
        figures.setdefault(split, {})["requests"] = {"hits": req.hits, "total": req.total}
        if split in ("test", "final", "fresh", "sealed", "blind", "unseen", "last", "ninth", "eleventh", "twelfth",
                     "thirteenth"):
            targets += [
                Target(f"framed single items reported ({split} split)", framed_all.rate, ">=", 0.95, compare=False),
                Target(f"unframed items reported ({split} split)", plain_all.rate, "<=", 0.01, compare=False),
            ]
        if vocab.unframed:
            targets += [
                Target(f"unframed items in study requests reported ({split} split)", study_all.rate, "<=", 0.01,
                       compare=False),
                Target(f"exam talk without an item reported ({split} split)", req.rate, "<=", 0.01, compare=False),
            ]
    print(f"\n  negatives (alpaca_zh_demo + belle_zh_seed_tasks) reported: {neg.cell()}")
    figures["negatives"] = {"hits": neg.hits, "total": neg.total}
    targets.append(Target("negatives reported by exam_context", neg.rate, "<=", 0.01, compare=False))
    return figures, targets
