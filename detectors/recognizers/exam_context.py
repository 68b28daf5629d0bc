"""`EXAM_ITEM` (framing): one exam item that the text frames as part of an upcoming,
ongoing or confidential test: 这是下周月考的作文题…（60分）, 期中考试阅读C篇…卷子还没交印,
"from tomorrow's quiz, don't share". The words around an item say more than its layout."""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import gated
from detectors.text import ScanText

__all__ = ["ExamContextDetector"]

# Theory of operation. Cue classes, each a weight; the framing of a text is the sum
# of the cues found in its framing zone (the first and the last _ZONE characters,
# where people write what they paste), clause by clause near a test word. Each class
# is a kind of statement about the test, written as word classes (a weekday, "N days
# left", "not yet + seen/printed/released", "do not + pass on/show") rather than a
# list of phrases, so that wordings never seen still fall into a class:
#
#   class        weight  what it says                      examples
#   named test    1.0    which test, by list or by shape   月考 期中 一模 midterm quiz; any word ending in 考试/测验/测评/
#                                                          笔试/竞赛/考/测 after a content character (合格性考试, 校测);
#                                                          a period and an assessment noun (期初检测, 春季学情诊断), a round
#                                                          (三轮模拟), a competition's round (选拔赛), 二调, 周清
#   test word     0.5    a test or its paper               考试 测验 exam test paper
#   paper         0.5    the paper the item sits on        试卷 卷子 考卷 试题 考题 原题 用题 样卷
#   this paper    1.0    the item is part of that paper    这份卷子 这套题 卷子上的 卷里有 试卷第5题 其中一道
#   time          1.0    when: not yet / soon              下周 明早 周四 下午第三节 还有三天 月底 才考 要考的 next week
#   ongoing       1.5    now, in the exam room             正在考 进行中 还在考 考场 监考 交卷前 proctoring right now
#   sealed        2.0    only said of a paper not yet out  外传 还没公布 学生还没见过 还没发下去 押题 (enough alone)
#   live          2.0    this very minute (enough alone)   还剩10分钟 就收卷了 考到一半 离交卷 phone under the desk
#   secrecy       1.5    kept back, leaked, handled or     保密 内部资料 别发给学生 流出 撤回 截到 考务 押运 清点
#                        written or printed by us          命的题 刚出的 出卷 审卷 定稿 印好的 听说 early copy
#   relation      0.5    the item tied to the test by the  期中调研的题, 联考卷子上的, 这题明天考吗, 群里发了…卷子,
#                        sentence's own structure          我给…出的题, 还没考, 出自…联考, wrote this for, actual questions
#   past         -2.0    over, or an exercise              上次 去年 考完 讲评 错题 成绩 练习题 课后题 作业 复习 出一道新题
#   soft past    -2.0    past unless a time, live, sealed  真题 训练 阅卷 practice (家长群里有人发了期中考的真题，说周六考
#                        or ongoing cue is there           is the real paper; 初三适应性训练 is a test)
#
# Some cues are read from what stands next to a test's name, whatever the name (`_around_tests`):
# its questions, paper or answers after it (…的题, …卷子上的, …第3题, a bare …的，) are a relation;
# 正在 right before it, or 考 … 中 around it, is ongoing (正在高二合格性考试).
#
# The zones are the first and last _ZONE characters, each taken to the end of its line, and, between
# them, a line of its own that points at the items around it (以上…, 下面…: framing in a long paste).
# A text is framed when its zone names a test (a test word, a named test, a paper or a live cue),
# links the item to it (the paper it sits on, "this is from it", 第N题, or words said only of a
# paper not yet out or a test being sat) and the sum (each class counted once) reaches _FRAMED:
# a named test and a time alone (明天期末考试，帮我讲讲这道题) say a test is coming, not that the
# item is from it. Book titles (《五年高考三年模拟》) are blanked before the cues are read.
# The item is there when the text has a strong item cue (a score mark （60分）, 第12题, an
# option block, 不少于800字, blanks, 阅读C篇), a calculation, or a question body in what the
# framing leaves of the text (≥ 12 characters, ending in a question or asking
# 求/多少/几/which/what). Framing without an item ("下周期末考试，怎么复习？") and an
# item without framing (a textbook exercise, 明天要考试了，这道题不会) are clean.
#
# Past words are read only in what the writer says about the paste (`_said_parts`, r17): not in a clause
# whose only cue is a bare test word (a word problem about a test), not in a part that opens as an item
# (9.（5分）…) or holds a quantity (多40%), in a long part only next to a forward cue, never negated (没找到
# 类似的) or inside a test's own name (一轮复习检测). A dated year (2019年…的题) is soft past. In a text of
# up to _MIDDLE_MAX characters, a sentence in the middle that frames on its own (a test, a link and a
# forward cue, nothing past) is read as well. Before any of this the text is read in a view
# (`_reading_view`) where characters spaced out one by one are joined, the pinyin of cue words is
# written in characters, and pointing arrows or emoji stand for a colon or a comma.

_NUM = r"[0-9一二两三四五六七八九十几半]"
# An English count or clock number, in digits or words (in forty minutes, at half past one, in twenty-five mins).
_EN_NUM = (r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
           r"sixty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?")
# School subjects, for a test named by what it tests (考数学呢, 在考物理).
_SUBJECT = r"(?:语文|数学|英语|物理|化学|生物|历史|地理|政治|道法|科学|理综|文综|听力|口语|作文|数|语|英|物|化|生|史|地|政)"
# An English test noun (the quiz, the Year 11 mocks, the olympiad qualifier, the semester final).
_EN_TEST = r"(?:exam|test|quiz|paper|mock|assessment|round|olympiad|qualifier|competition|final|midterm)s?(?![a-z])"
# Characters after which a test suffix (考, 测, 考试 …) is a verb or another word, not the end of a
# test's name: 参考 思考 预测 探测 选考; 要考 会考的 可测得; 明天考试 下周考 (a time says when, not which).
_NOT_A_TEST_NAME = "参思备报应赶预推猜观监检体个要就才将快再还没在来去会能不也都又他她我你们了的次场加可探勘实目臆揣选天周晚午早日号节后前时"
_NAMED = re.compile(
    r"月考(?<!个月考)|期中|期末|联考|统考|模考|模拟考|模拟卷|模拟题|小测|周测(?<![上下本这每]周测)|单元测|随堂测|摸底|质检|[零一二三四]模|半期|补考|统测|联测|抽测|(?:过关|质量|阶段|单元|期中|期末|学业|教学)检测|诊断考|"
    r"中考|高考|(?<![可能也就不还都将])会考(?![的到吗吧这那哪什])|(?<=[语数英物化生史地政][语数英物化生史地政])会考|学考(?![察查虑])|"
    # a period or the pupils and an assessment noun (期初检测, 春季学情诊断, 期中教学评估), a round of mocks
    # (三轮模拟), a competition by its round or kind (选拔赛, 素养大赛初赛); 学考 but not 科学考察
    r"期初|(?:开学|学情|教学|学期|学年|季度|春季|秋季|学段|毕业班?|结业|入学|升学|学科|素养|能力|年级)(?:检测|诊断|调研|评估|测评|测试|考试|监测|摸底|质检)|"
    r"[一二三四五六七八九十0-9]轮(?:模拟|联考|模考|检测|诊断|复习检测)|(?:单元|章节|阶段|模块|专题)(?:过关|检测|测试|测验|小测|练考)|"
    r"(?:选拔|邀请|联|大|初|复|决|预|杯|竞|技能|知识)赛|"
    r"水平(?:测试|考试)|质量检测|阶段性?(?:测|考)|适应性|调研|竞赛|分班考|入学考|选拔考|结业考|毕业考|验收考|抽考|抽测|调研考|适应性考|"
    r"[\u4e00-\u9fff](?<![" + _NOT_A_TEST_NAME + r"])(?:考|测|诊)(?=[的了呢啊，,。.！!？?:： \t）)]|卷|题|试卷|$)|"
    # A test named by its shape: a word that ends in a test suffix after a content character
    # (合格考试, 强基校测开考前, 自主招生笔试, 县统练), not a verb phrase (要考, 参加考试, 可测得, 思考).
    r"(?<=[\u4e00-\u9fff])(?<![" + _NOT_A_TEST_NAME + r"])"
    r"(?:考试|测验|测试|测评|考核|笔试|面试|口试|机考|竞赛|联赛|统练|联练|考(?![虑察验核古证究据取研入上中了过完到起住生点])|测(?![量算定得出绘速器距温]))|"
    r"笔试|\b(?:gao|zhong|hui|yue|lian)kao\b|olympiad|qualifier|"
    r"(?<![每一])[周月]练(?![习琴字])|(?<![每一])[周日月]清(?![楚晰明淡洁理单点爽凉静闲])|[一二三四五六七八九十][诊调](?![查研整节和味料皮配度])|质量监测|监测考|杯赛|初赛|复赛|预赛|决赛|联赛|"
    r"midterm|mid-term|final exam|finals|(?:(?<=the )|(?<=our )|(?<=my ))final\b(?! (?:answer|result|version|step|draft|score|grade|product|stage|part|chapter|section|paragraph|sentence|word|line|copy|one|touch))|quiz|mocks?(?![a-z])|assessment|mock exam|mock test|unit test|entrance exam|"
    r"[a-z](?<![a-z-][a-z])[a-z-]{2,}(?<!\bthe)(?<!\bthis)(?<!\bthat)(?<!\byour)(?<!\bhis)(?<!\bher)(?<!\bour)(?<!\btheir)"
    r"(?<!\bpractice)(?<!\bsample)(?<!\bpast)(?<!\bold)(?<!\bnext)(?<!\blast) (?:exams?|tests?|quiz|mocks|round|assessment|benchmark)(?![a-z])",
)
_TEST = re.compile(r"考试|测验|测试|考查|考场|[还正]在考(?![虑察验核古证究])|invigilat|proctor|[才就要将快待再]考|还没考|考完(?:再|请|就)|exam(?<![a-z]exam)|test(?![a-z0-9])(?<![a-z]test)|paper(?![a-z0-9])(?<![a-z]paper)")
_PAPER = re.compile(r"试卷|卷子|考卷|卷面|试题|样题|answer key|mark scheme|(?<!思)考题|原题|原卷|用题|样卷|压轴题|[ab]卷|答题卡|题签|(?:actual|real|exam|test) paper\b")
_THIS_PAPER = re.compile(
    r"(?:这|此|本|那)[份张套次](?:卷子|试卷|考卷|卷|题|试题)|"
    r"(?:卷子?|试卷|考卷|试题)(?:上|里|中)的?|(?:卷子?|试卷|考卷|试题|考试|测试|检测|测验|[考测])[^，。,\n]{0,4}第\s*" + _NUM + r"{1,3}\s*[大小]?题|"
    r"(?:这|以下|下面|如下)(?:就)?(?:是|为)[^，。,\n]{0,14}(?:考试|测试|测验|检测|[考测卷])[^，。,\n]{0,4}的[^，。,\n]{0,3}题|"
    r"第\s*" + _NUM + r"{1,3}\s*[大小]?题|(?<![a-z])q\d{1,2}\b|question \d{1,2}\b|"
    r"的(?:原题|题目?|那道题)(?=\s*(?:如下|[:：\n,，。.!?]|$))|里面?的(?:题|一道|这道)?|要用的|就要用|"
    r"其中(?:一|的一)?道|其中的[^，。,\n]{0,4}题|(?<![不没别])就考这|(?<![参不没别])考这个|(?<![参不没别])考这道|考的就是|里面?有这么?一?道|有这(?:一)?道|要考的|考的(?:就是|是)?这|question \d{1,2} (?:from|of|on|in)\b|"
    r"(?:from|on|in|of) (?:the|this|tomorrow's|next week's|today's|our|my|[a-z]+'s) [a-z0-9 -]{0,40}" + _EN_TEST,
)
_TIME = re.compile(
    r"下个?周|下星期|课间|午休(?:后|前|时)?|放学(?:前|后)|(?:第[一二三四五六七八]节)?课(?:后|前)|下个?礼拜|后个(?:礼拜|星期)|过完(?:元旦|国庆|五一|中秋|清明|端午|寒假|暑假|春节|年|节|假期?|周末)|下个月|下学期初|明天|明早|明日|明晚|明[上下]午|后天|今晚|今早|今天|今日|今[上下]午|"
    r"[上下]午|晚上|早上|中午|傍晚|第" + _NUM + r"{1,2}节|"
    r"周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六天]|月底|月末|本周|这周|这个?星期|这个?礼拜|本月|年底|"
    r"还有\s*" + _NUM + r"{1,3}\s*(?:天|周|个?星期|个?礼拜|小时|分钟)|" + _NUM + r"{1,3}\s*(?:天|周|个?星期)(?:后|以后|之后)|"
    r"即将|马上|快要|就要|将要|将于|过几天|听日|过\s*" + _NUM + r"\s*天|不久|今儿|明儿|那天|[早晚]自习|早上|早晨|下月|月初|"
    r"(?:这个月|下个?月|本月)?" + _NUM + r"{1,3}\s*号|(?:节|假|长假|假期)(?:回来|后|前)|第" + _NUM + r"{1,2}周|"
    r"(?:元旦|国庆|五一|中秋|清明|端午|寒假|暑假|春节|开学|放假|假期|月考|周末)(?:前|后|之前|之后|第|回来|结束|一开学)|"
    r"[才就要将快待再]考|正式考|还没考|考完(?:再|请|就)|考完之前|考试结束前|结束(?:前|之前)|未考|尚未考|考前|开考前?|考之前|考试前|"
    r"next (?:week|monday|tuesday|wednesday|thursday|friday|month|class|period)|tomorrow|tonight|upcoming|later today|"
    r"this (?:friday|monday|tuesday|wednesday|thursday|afternoon|morning|evening|week)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|in (?:\d+|two|three|four|five|a few) (?:days|hours)|soon|"
    r"first thing|later today|today|from now|after (?:lunch|break|school)|first period|period \d|\d\s?(?:am|pm)\b|"
    # hours and minutes from now, a clock time (七点半, 三点考), a moment from now
    r"" + _NUM + r"{1,3}\s*个?(?:小时|分钟|钟头)(?:后|以后|之后)|[零一二三四五六七八九十两0-9]{1,2}\s*点(?:半|钟|整|[0-9零一二三四五]{1,2}分?)?(?=考|开考|开始|进行|[,，。\s]|$)|"
    r"一会儿?|待会|等会|过会|大后天|下下周|(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|"
    r"this coming|coming (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"in (?:an?|one|two|three|four|five|ten|twenty|thirty|half an?|\d+) (?:hours?|minutes?|mins?|days?|weeks?)(?![a-z])|"
    r"\d{1,2} sharp|at \d{1,2}(?:[:.]\d\d)?\b|once [a-z ]{0,25}(?:ends|starts|is over|begins)|this (?:evening|weekend)|"
    r"before the (?:holiday|break|weekend)|on the \d{1,2}(?:st|nd|rd|th)\b|(?:at )?(?:half|quarter) (?:past|to) [a-z0-9]+|the week after next|"
    r"(?:starts?|starting|begins?|opens?) in |in " + _EN_NUM + r" (?:hours?|minutes?|mins?|days?|weeks?)(?![a-z])",
)
_ONGOING = re.compile(
    r"还没(?:关|截止|结束)(?=[，,。\s]|$)|(?:is|are|still) (?:open|live) (?:right )?now|(?<![现正])在考(?![虑察验核古证完了过\n]|试中|试时|试的时候)|still going|(?:still )?ongoing|under ?way|mid-exam|mid exam|正在考|正在进行|进行中|进行着|还在考|还没考完|没考完|考场上|考场里|正考着|现在在考|正在监考|在监考|监考(?!老师|员|人员|工作|培训|注意|须知)|交卷前|"
    r"正在(?!进行|准备|复习|练|做|学(?![科业情期年考])|看|刷|背|写|读|备|找|整理|总结|预习|查)[^，。,\n]{0,12}?(?:考试|测验|测试|考|测|竞赛|比赛)(?![虑察验核古证完了过点])|考[^，。,\n]{1,12}中(?=[ :：,，\n])|"
    r"在[^，。,\n]{0,12}考场|(?:happening|going on|underway|in progress) (?:right )?now|"
    r"偷偷(?:发|拍)|(?:手机|偷偷)[^，。,\n]{0,6}(?:带进|拍|发)|sitting (?:the|my|an?)\b|in the (?:[a-z0-9 -]{0,40}(?:exam|test|quiz|paper|assessment|round|mock|midterm|final)s?|exam hall|exam room) now\b|"
    r"during the (?:exam|test|quiz)|in the exam room|proctor|invigilat|right now|currently (?:taking|sitting)",
)
_SECRECY = re.compile(
    r"保密|机密|绝密|秘密|内部(?:资料|卷|试题|题|用)|密卷|"
    # do not + pass on / show / tell
    r"(?:不能|不可以|不要|不准|不许|不得|别|勿|禁止|严禁|千万别|千万不要|请勿|不外)[^，。,\n]{0,6}?"
    r"(?:外传|外泄|外流|传出去|说出去|讲出去|传给|传播|泄露|泄漏|透露|流出|公开|转发|拍照|截图|发(?:出去|给|到|群|朋友圈)|给[^，。,\n]{0,6}看|告诉)|"
    # not yet + released / printed / handed out / seen by the pupils
    r"(?:还|尚|都|暂)?(?:没|未|没有)(?:有)?(?:公布|公开|对外|发布|下发|发下去|发给|发(?![现生烧表挥展言音明达育动射芽酵胖热火怒抖光])|印|印刷|付印|泄露|外传|解封)|"
    r"(?:学生|同学|孩子|他们)[们]?(?:都|还|也)?(?:没|未|没有)(?:见过|看过|拿到|做过)|"
    # written or printed by us
    r"(?:下发|发卷|发下去|发给学生|印刷?|付印|交印|送印|公布|公开|发布|解密|开封|启封|拆封)(?:之|以)?前|"
    r"交印|付印|送印|印好|复印好|印出来|印刷|印卷|印制|定稿|审卷|审题稿|出卷|组卷|制卷|命题(?:人|组|老师|工作|任务|专家)|参与命题|负责命题|在命[^，。,\n]{0,8}题|出题人|出题组|出这部分题|赛题|押题|押中|泄题|漏题|透题|"
    r"初稿|底稿|送审|审稿|别问(?:我)?(?:是)?(?:从)?哪(?:儿|里)?(?:来|弄|搞)的|答案(?:还|都)?没(?:出|公布)|被抽中|抽中了|"
    r"(?:hasn'?t|has not|haven'?t|have not|isn'?t|is not|wasn'?t|not) (?:been |yet been |yet )?(?:released|published|made public|given out|handed out)|"
    r"\bi (?:wrote|set|drafted|made)\b|(?:exam|paper|question) setter|审核|审定|命题稿|(?:我|我们|组里|老师)[^，。,\n]{0,10}(?:写|编|拟|定下来|定)的(?![^，。,\n]{0,3}(?:练习|作业|习题|例题))|"
    r"before (?:it|they) (?:goes|go|is|are|was|were|gets?|got) (?:to |sent to )?(?:print|printed|sealed|handed out|released)|出[^，。,\n]{0,12}第\s*" + _NUM + r"{1,3}\s*[大小]?题|负责(?:出)?第\s*" + _NUM + r"{1,3}\s*[大小]?题|"
    r"(?:给|为|替)[^，。,\n]{0,12}(?:考|测|赛|评|诊|卷|练)[^，。,\n]{0,2}(?:配|出|编|写|命|拟)(?:了)?(?:一|两|几|[0-9])?[道个份套]?[^，。,\n]{0,4}?(?:题|卷)|"
    r"据说|(?:都|们|人|群里)在传(?![统说记授递染播承达感输真奇送])|"
    r"vet(?:ting|ted)?\b|moderat(?:ing|ed) the|proof-?read|screenshot(?:ted|ting)?|photograph(?:ed)?|snapped|took (?:a )?(?:photo|picture)|"
    r"by (?:mistake|accident)|accidentally|sealed|"
    r"(?<!学)校对|核对|核一遍|审一遍|(?:没|未|待)审|锁在|封存|密封|封卷|提前(?:拿到|弄到|搞到|看到|拿|给)|"
    r"偷偷(?:告诉|透露|给|传)|不小心[^，。,\n]{0,10}(?:发|传|落|拍|泄|给|丢)|听说(?![考测读写能训课口])|透露的|透露了|泄露的|在给[^，。,\n]{0,12}出题|正在出题|正式卷|押的|押了|往外(?:发|传|说)|外发|审完|审好|审过|拍了[^，。,\n]{0,8}(?:卷|题)|办公室[^，。,\n]{0,8}看到|"
    r"(?:组|学校|年级)[^，。,\n]{0,6}出的|(?:setting|writing|wrote|written|finished writing|drafting) (?:the |a |an |our )?[a-z0-9 -]{0,40}" + _EN_TEST + r"|haven'?t (?:sat|taken)|"
    r"流出|泄露|泄漏|外泄|拍了出来|拍出来|(?:撤回|删了|删掉|被删)|截到|截图|卖[^，。,\n]{0,10}(?:答案|题|卷)|"
    r"[到去进]考点|考点(?:学校|办公室|的(?:老师|工作人员))|的考点[,，。]|考务|巡考|押运|清点|保密室|试卷袋|启用前|not (?:yet )?public|isn'?t public|leaked|posted it|has a copy|"
    r"checking the (?:printed )?(?:copies|paper)|before (?:they are|it is) (?:sealed|printed|handed out)|"
    r"命的(?:题|卷|试)|出的(?:卷|题|试)|刚出|新出炉|我出的|我命的|我们组出的|(?:我|我们|组里|老师)[^，。,\n]{0,10}出的|"
    r"draft(?:ing|ed)?\b(?<![a-z]draft)(?<![a-z]drafted)(?<![a-z]drafting)|got hold of|early\b(?<![a-z]early)|to yourself|between us|leaked\b(?<![a-z]leaked)|"
    r"confidential|embargo|do not (?:share|distribute|forward|post)|don'?t (?:share|distribute|forward|post|tell)|"
    r"not (?:yet )?(?:released|public|published)|haven'?t (?:seen|taken)|before the (?:exam|test|quiz)|keep (?:it|this|them) (?:secret|private|quiet|to yourself|between us)|leak",
)
_PAST = re.compile(
    r"上次|上周|上星期|上个月|昨天|前天|去年|前年|往年|(?<!万)历年(?!间)|(?:19|20)\d\d\s*年[^，。,\n]{0,8}(?:卷|真题|试题|高考|中考)|"
    r"(?:已经|已)(?:结束|考过)|结束了|"
    r"(?:设计|编写|编制|命制|生成|出|编|写)(?:一|两|几|[0-9]{1,2})?(?:份|套|张|道|个)(?:新的?)?[^，。,\n]{0,12}(?:卷|题)|新题|新的题|"
    r"write (?:a |an |some |one |two |three |four |five |\d+ )?(?:new |more |similar )?(?:questions?|quiz|test|items?)|similar to this|like this one|"
    r"已经考完|考完了|考完的|考过的|考过|已考|以前的|上学期|(?:早就|早已|已经|已|都)(?:公布|公开|发布|讲评|讲完|讲过|批改|改完|出分)|(?:公布|公开|发布)了(?:答案|成绩|分数)|"
    r"讲评|订正|错题|考砸|没考好|考得|考了\s*\d|成绩(?![要将会])|分数(?:出来|下来|公布|不|很|太|低|只有)|批改|做错|错了|丢分|扣分|扣了|得分|"
    r"练习[题卷册本纸]|习题|出版|published|课上用|上课用|课堂上?用|备课(?!组)|公开课|作业|专项|课后题|课本|教材|例题|练习册|辅导书|教辅|复习|改编|改写成|改成一道|题型|这类题|这种题|这类型|类似|同类|相似|预测|猜题|布置|巩固|课堂练习|仿照|再编|编[一二两三四五几]道|出[一二两三四五几]道|发下来|发回来|讲过|[让叫]我们?练|练一练|刷题|刷卷|做[^，。,\n]{0,4}模拟(?:卷|题)|"
    r"last (?:week|year|month|term)|yesterday|past paper|previous year|homework|textbook|exercise|"
    r"practice (?:question|problem|paper|set|sheet|test)s?|for practice|revis|"
    r"marked|got [^.?!\n]{0,30}back|handed back|years? ago|old question|lost marks|got it wrong",
)
_LIVE = re.compile(
    r"(?:进行|考|做)到一半|(?:手机|手表)拍的|(?<![快要就将])开考了|已经开考|考试(?:已经)?开始了|(?:开考|开始|考了)(?:已经)?\s*(?:" + _NUM + r"{1,3}|半)\s*个?(?:分钟|小时|钟头)(?:了|啦)|"
    r"(?<![要会才将就天周晚午早日号节后前时点])考" + _SUBJECT + r"(?:呢|着呢|中)|考试还没结束|考试没结束|监考中|在考场上?[,，:：]|考场里|考着试|还在考呢|考试正在进行|正在考(?![虑察验核])|离交卷|(?:就|要|快|马上)收卷|收卷(?:了|前|之前)|考到一半|考了一半|(?:考|测|试|赛|卷)还(?:剩|有)\s*" + _NUM + r"{1,3}\s*分钟|(?:考|测|试|赛|卷|评)(?:只|就|仅)?剩(?:下)?\s*" + _NUM + r"{1,3}\s*(?:个)?(?:分钟|小时|钟头)|还剩\s*" + _NUM + r"{1,3}\s*分钟(?=[^，。,\n]{0,4}(?:收卷|交卷|结束|考))|" + _NUM + r"{1,3}\s*分钟(?:就|后)?(?:收卷|交卷|结束)|"
    r"(?:还|都)?没(?:有)?收卷|还没交卷|"
    r"答题时间[^，。,\n]{0,4}(?:快到|到了|不多|快结束|只剩)|时间快到了|还剩\s*" + _NUM + r"{1,3}\s*分钟\s*(?=$|了|啦|!)|"
    r"(?:手机|偷偷)[^，。,\n]{0,6}带进|在考试(?:呢|啊)|在考试中(?=[,，!！ ]|$)|考着呢|监考(?:老师)?(?:出去|走了|不在)|摄像头|"
    r"还有[^，。,\n]{0,4}(?:收卷|交卷|结束)|偷偷(?:问|看|查|搜)|(?:exam|test|quiz)[^.!?\n]{0,20}in progress|can'?t talk|"
    r"(?:考试|测验|测试|考)中(?:勿扰|请勿|别|[!！]+)|(?:考试|测验|测试)中(?<![^\n]...)(?![\u4e00-\u9fff])|(?:手机|偷偷)[^，。,\n]{0,4}(?:藏|放)在|桌肚|讲台上坐|in the middle of (?:the|my|an?) |sitting (?:the|my|an?)\b[^.?!\n]{0,30}\bnow\b|under the desk",
)
# Soft past: the real paper (真题), a drill (训练), marking (阅卷) and practice are past or practice only
# when nothing in the framing says the test is still to come or being sat: 家长群里有人发了期中考的真题，
# 说周六考 is a leak; 初三适应性训练 is a test; 阅卷前…卷子才解密 is a paper still sealed.
_SOFT_PAST = re.compile(r"真题|训练|阅卷|改卷|practice|(?:19|20)\d\d\s*年(?:的?[^，。,\n]{0,12}(?:卷|题|考|测|赛|诊|调)|的?(?=\s*(?:[，。,\n：:)）]|$))|[^，。,\n]{0,4}出版)")
# Relation: the item and the test tied by the sentence's own structure (weight 0.5, so a time, a state
# or a second cue must join it): the test's questions (期中考的题, 联考里的原题), this question is
# examined (这题明天考吗), posted in a group (群里发了…卷子, 把题发到群里), written for it (我给…出的题,
# wrote this for), not yet sat (还没考, 还没开考).
_RELATION = re.compile(
    # the test's questions, said of the item: the phrase ends there (期中考的题，… / …的原题：), unlike
    # 期中考试的题会比这道难 or 期末考试的作文题一般是什么类型, which speak of the test's questions in general
    r"(?<![会能可])(?:考试?|测验?|测试|诊|赛|期中|期末)(?:的|里面?的?|上的?|中的?)?(?:原题|题目|试题|大题|压轴题|作文题|题)(?=\s*(?:如下|[:：\n,，。.!?]|$))|"
    r"(?:这|此|该)(?:道|个|一)?题[^，。,\n？?]{0,10}(?<![会能可不])考(?![虑察查点核到])|"
    r"(?:群|朋友圈|网上|网盘|qq|微信|贴吧|论坛)[^，。,\n]{0,10}(?:发|传|晒|流|卖)[^，。,\n]{0,12}(?:卷|题)|"
    r"(?:把|将)(?:题|卷|试卷|卷子|题目)[^，。,\n]{0,4}(?:发|传)(?:到|进|给)|"
    r"[出命编拟](?:好)?的[^，。,\n]{0,8}(?:题|卷)|"
    r"(?:还|尚)?(?:没|未)(?:有)?(?:开考|考)|(?:wrote|written|writing|set|setting|drafted|made|making) (?:this |these |it |them )?(?:[a-z]+ )?for\b|"
    r"(?:考试?|测验?|测试|卷)用(?![品具心])|要用(?:这|此)(?:道|个)?题|"
    r"拿到(?:了)?[^，。,\n]{0,12}(?:卷|题)|(?:出自|来自|选自|摘自|取自|源自|出现在|会出在|[放用编加选收排](?:在|进|到|入)|抽自)[^，。,\n]{0,12}(?:考|测|卷|赛|诊|调)|"
    r"(?:actual|exact|real|same) (?:questions?|paper|exam|test)|(?:posted|shared|leaked|sent|put up|uploaded) (?:the |a |some |all the )?(?:[a-z]+ )?(?:questions?|paper|answers)\b|group ?chat|(?:have|has|got|get) (?:a copy of )?the [a-z0-9 -]{0,40}(?:paper|questions|answers)\b|real [a-z0-9 -]{0,40}question|"
    r"(?:this|that|the) (?:question|one|item|problem) (?:is|was|will be)(?: [a-z]+ly)? (?:on|in|from) (?:it|the|this|tomorrow|today|our|my|next)\b|one of the (?:actual |real )?questions|(?:off|out of) the [a-z0-9 -]{0,40}(?:paper|exam|test)"
)
# Sealed: what is only ever said of a paper not yet out (still sealed, not to be passed on, the pupils
# have not seen it): enough alone, beside an item.
_SEALED = re.compile(
    r"外传|外泄|泄题|解密|(?:别|不要|不能)让学生看|漏题|透题|押题|保密期|还封着|封着的|还没公布|尚未公布|未公布|还没公开|未公开|尚未公开|"
    r"(?:学生|同学|孩子)[们]?(?:都|还|也){0,2}(?:没|未)(?:有)?(?:见过|看过|做过|拿到)|"
    r"还没(?:发下去|下发|印)|(?:未|尚未|还没|没)(?:有)?启用|(?:学生|同学|孩子)[们]?(?:都|还|也){0,2}(?:不知道|不晓得)|"
    r"(?:nobody|no one|no student)[^.!?\n]{0,40}(?:has|have) seen|(?:students?|pupils?|kids?) (?:haven'?t|have not|hasn'?t) seen|没发下去|考前不能|往外说|不要往外|别往外|不能往外|"
    r"(?:hasn'?t|has not|haven'?t|have not) (?:happened|started|begun|taken place|been (?:sat|taken|held))|don'?t share|do not share|confidential|embargo|not (?:yet )?released|haven'?t (?:seen|sat|taken)|"
    r"\bun(?:released|published|printed)\b|(?:还|尚|都)?(?:没|未)(?:有)?\s*(?:release|publish|print|post)(?:e?d)?(?![a-z])"
)
# Public: a paper said to be out in the open (公开出版的, 网上都能搜到, publicly available) is neither sealed
# nor kept back, whatever else the text says of it (书店买的…押题卷，公开出版的 is a bought book).
_PUBLIC = re.compile(r"公开(?:出版|发行|发售|的|了)|已(?:经)?公开|网上(?:都)?(?:能|可以)?(?:搜|查|找|下载)(?:得)?到|publicly available|"
                     r"published (?:online|in)|available online|书店|买的[^，。,\n]{0,8}(?:卷|题|书)")
# Behind a lookahead on the characters a match can start with (`detectors.prefilter.gated`):
# the same matches, without trying every branch at every character.
_NAMED, _TEST, _PAPER, _THIS_PAPER, _TIME, _ONGOING, _SECRECY, _SEALED, _PAST, _LIVE, _SOFT_PAST, _RELATION, _PUBLIC = map(
    gated, (_NAMED, _TEST, _PAPER, _THIS_PAPER, _TIME, _ONGOING, _SECRECY, _SEALED, _PAST, _LIVE, _SOFT_PAST,
            _RELATION, _PUBLIC))

_FORWARD_PATTERNS = (_TIME, _SEALED, _LIVE, _ONGOING, _SECRECY)
_ANCHOR_PATTERNS = (_NAMED, _TEST, _PAPER, _SECRECY, _ONGOING, _LIVE, _SEALED)
_WEIGHTS: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (_NAMED, 1.0, "named"), (_TEST, 0.5, "test"), (_PAPER, 0.5, "paper"), (_THIS_PAPER, 1.0, "this_paper"),
    (_TIME, 1.0, "time"), (_ONGOING, 1.5, "ongoing"), (_SECRECY, 1.5, "secrecy"), (_SEALED, 2.0, "sealed"),
    (_LIVE, 2.0, "live"), (_PAST, -2.0, "past"), (_RELATION, 0.5, "relation"), (_SOFT_PAST, -2.0, "soft_past"),
    (_PUBLIC, 0.0, "public"),
)
# Soft past counts only when none of these says the test is still to come or being sat.
_AHEAD = frozenset({"time", "live", "sealed", "ongoing"})
# A clause holding one of these can frame; the others only add to such a clause.
_ANCHORS = frozenset({"named", "test", "paper", "ongoing", "secrecy", "live", "sealed"})
_FRAMED = 2.0
# Past classes, counted only in what the writer says about the paste (`_said_parts`).
_BACKWARD = frozenset({"past", "soft_past", "public"})
# A part of a clause for that: up to a comma, a dash, or a space beside a Chinese character.
_SAID_PART = re.compile(r"[,，;；—．]+|\s-\s|\.(?!\d)|(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
# A part that opens as an item does (9. （5 分）甲、乙…, （6分）…) is the item's own text.
_ITEM_OPENING = re.compile(r"\s*(?:\d{1,2}\s*[.．、](?!\d)|[(（]\s*\d{1,3}\s*分)")
# A quantity (40%, 80万元, 25厘米, 3 kg) belongs to a word problem, not to what is said about it.
_QUANTITY = re.compile(r"\d(?:\.\d+)?\s*(?:%|％|万?元|[千厘毫]?米|人|个|只|本|岁|[千毫]?克|吨|[毫]?升|万|亿|倍|度|km|kg|cm|ml)")
_NEGATION = re.compile(r"[没未不]|从未|never |not ")
_SAID_CHARS, _SAID_WORDS, _SAID_REACH = 20, 14, 8
_ITEM_CLAUSE = 40
# A frame names a test (or its paper) and links the item to it: the paper it sits on, "this is from
# it", or words said only of a paper not yet out or a test being sat.
_TEST_CLASSES = frozenset({"named", "test", "paper", "live"})
_LINK_CLASSES = frozenset({"paper", "this_paper", "secrecy", "sealed", "live", "ongoing", "relation"})
_ZONE = 120
# Texts up to this long are also read for a framing sentence in their middle (`_framing`), one of at most
# _MIDDLE_CLAUSE characters that says a test is to come or being sat.
_MIDDLE_MAX, _MIDDLE_CLAUSE = 1500, 200
_FORWARD = frozenset({"time", "sealed", "live", "ongoing", "secrecy"})
_POINTER_LINE = re.compile(r"\n[ \t]*((?:以上|上面|下面|以下|上述|前面|↑|——|-->|above|the (?:above|questions? above))[^\n]{4,80})(?=\n)")
# A clause of the framing zone: up to a sentence end, a line break or a colon (the
# framing says what follows: 这是明天月考的题：…); a colon between digits or single letters (a：b, 12:30) is
# a ratio or a time, one between words (share:explain) still a colon.
_CLAUSE = re.compile(r"(?:[^。！？!?\n：:]|(?<=[0-9A-Za-z])(?<![A-Za-z][A-Za-z])[：:](?=[0-9A-Za-z])(?![A-Za-z]{2}))+")

# Strong item cues: any one of them is an item.
_STRONG = re.compile(
    r"[(（]\s*\d{1,3}\s*分\s*[)）]|第\s*[0-9一二三四五六七八九十]{1,3}\s*(?:小)?题|"
    r"不少于\s*\d{2,4}\s*字|\d{2,4}\s*字(?:以上|左右)|字数不少于|不少于\s*\d{2,4}\s*词|"
    r"(?:at least|no (?:less|fewer) than|about)\s*\d{2,3}\s*words|"
    r"_{3,}|＿{2,}|[(（]\s{0,8}[)）]|阅读\s*[A-E]\s*篇|(?<![A-Za-z])[A-E]\s*篇|完形填空|"
    r"\d{1,3}\s*[.．、]\s*\S.{4,}?\n\s*(?:[(（]?A[)）.．、])",
    re.I,
)
_OPTION = re.compile(r"(?:^|[\s(（])[(（]?([A-D])[)）.．、:：]\s*\S", re.M)
# A question body: a sentence asking something (Chinese or English).
_ASKS = re.compile(
    r"[?？]\s*$|求|多少|几[个只本天米元人次倍岁小时分钟千克克]|是否|为什么|怎样|如何|哪|计算|解方程|证明|判断|说明|分析|概括|"
    r"根据|下列|下面|以下|写一篇|翻译|"
    # the task verbs of an item that asks nothing (简述…, 赏析…, 默写…, Translate…, Describe…)
    r"简述|简要|赏析|鉴赏|默写|补写|填写|填入|列举|评价|阐述|论述|比较|解释|写出|指出|归纳|描述|概述|辨析|改写|仿写|补全|"
    r"化简|求解|推导|画出|解不等式|解方程|造(?:一个|两个)?句|组词|缩句|扩句|连线|照样子|"
    r"\b(?:which|what|how|why|when|where|who|choose|write|explain|calculate|describe|translate|compare|discuss|name|list|"
    r"fill in|complete|rewrite|summari[sz]e|evaluate|identify|outline|define|solve|find|prove|show that|state|give)\b",
    re.I,
)
# A calculation: three numbers joined by operators (6375+450/18*101, (4/5)-((1/3)+(1/6))).
_EXPRESSION = re.compile(r"(?<![a-z])[0-9(]*[a-z][)0-9]*\s*[-+−×*/]\s*[0-9(][0-9a-z)]*\s*=\s*[-−]?[0-9a-z(]|[(（|√]*[-−]?\d+(?:\.\d+)?[)）|²³]*(?:\s*[-+*/×÷−·]\s*[(（|√]*[-−]?\d+(?:\.\d+)?[)）|²³]*){2,}")
# A sentence that asks the assistant for something is a request, not an item.
_REQUEST = re.compile(r"^\s*(?:请|帮我|帮忙|给我|能不能|能否|可以|你能|我想|我要|怎么复习|如何复习)|复习|出\s*\d*\s*道|出一份|出一套|"
    r"注意(?:哪些|什么|事项)|有哪些(?:技巧|方法|要求|规定|注意)|怎么(?:办|冲|提高|准备|调整|学|考好|安排)|该怎么|有什么(?:办法|建议|技巧|方法)|如何(?:准备|提高|调整|安排)|这几天")
# Material: a pasted passage or problem, recognised by its size and what it holds.
_MATERIAL = re.compile(r"[0-9$?？]|下列|下面|以下|阅读|材料|文章|短文|passage|[A-Za-z]{3,}(?: [A-Za-z]{2,}){5}", re.I)
_ASKS, _MATERIAL = gated(_ASKS), gated(_MATERIAL)  # as above
_MATERIAL_CHARS = 40
# A sentence of a pasted item; a colon between letters or digits (a：b=1：3) is a ratio.
_SENTENCE = re.compile(r"(?:[^。！？!?\n：:.]|\.{2,}|(?<=[0-9A-Za-z])(?<![A-Za-z][A-Za-z])[：:](?=[0-9A-Za-z])(?![A-Za-z]{2})|\.(?=[0-9A-Za-z]))+[。！？!?.]?")
# A part of what is left of a sentence: up to a comma or a space beside a Chinese character
# (帮忙 一个圆柱…: the request part is dropped, the item part kept).
_BODY_PART = re.compile(r"[,，;；]|(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


# The cue patterns are written in lower case and matched on this view of the text (ASCII letters
# lower-cased, every other character and every offset unchanged): a case-insensitive pattern
# defeats the regex engine's skip to the characters a match can start with.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# A part of a clause, up to a comma, a dash or a full stop (每段长多少米．——三月阶段考的题).
_PART = re.compile(r"(?:[^,，;；.—\s（）【】]|(?<=\S)-|-(?=\S)|\.(?=\d)|(?<=[\x21-\x7e])\s+(?=[\x21-\x7e]))+")
_TITLE = re.compile(r"《[^《》\n]{1,30}》")


# What follows a test's name and makes the item part of it: its questions or paper (调研的题, 联考卷子上的,
# 期末第3题), a bare possessive closing the clause (↑一模的，…), or "in it" (…里的).
_AFTER_TEST = re.compile(
    r"(?:[一二三四五六七八九十0-9]{1,2}|[a-z])?(?:\s*(?:卷子?|试卷|考卷|试题)?(?:的|里面?的?|上的?|中的?)?\s*(?:(?:原题|真题|题目|试题|大题|压轴题|作文题|答案|题)(?=\s*(?:如下|[:：\n,，。.!?]|$))|(?:要)?用的?(?:这|那)?(?:道|个|一)?题|第\s*" + _NUM
    + r"{1,3}\s*[大小]?[题道])|\s*的\s*(?:[,，。.!?\n]|$)|\s*(?:里|上)(?:面)?的|\s*的?(?:这|那)(?:一)?(?:道|个)?题)")
# What comes right before a test's name and says it is being sat now: 正在期中学情调研, 我在一模，…
# (正在 with words between, 正在高二合格性考试, and 考…中 are `_ONGOING` patterns.)
_BEFORE_TEST = re.compile(r"(?:正在|在)(?:参加|进行)?$")
# Time left, said right after a test's name (期末学业评价剩二十五分钟, 学考模拟只剩十分钟): the test is being sat.
_LEFT_AFTER_TEST = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:还|只|就|仅)?剩(?:下)?\s*" + _NUM + r"{1,3}\s*个?(?:分钟|小时|钟头)")


def _around_tests(clause: str) -> set[str]:
    """Classes said by the words next to a named test: relation (its questions, its paper) or
    ongoing (正在 … the test), whatever the test's own name."""
    out: set[str] = set()
    for m in _NAMED.finditer(clause):
        if _AFTER_TEST.match(clause, m.end()):
            out.add("relation")
        if _LEFT_AFTER_TEST.match(clause, m.end()):
            out.add("live")
        # 在期中考试中得了95分 tells of a test inside a word problem, 在调研的基础上 of research: after a bare
        # 在 the test's name must end the phrase (我在高二合格考，…).
        before = _BEFORE_TEST.search(clause, max(0, m.start() - 4), m.start())
        after = clause[m.end():m.end() + 1]
        if before and (before.group(0).startswith("正") or after in ("", ",", " ", "\n", "呢", "啊", "了")):
            out.add("ongoing")
    return out


def _affirmed(pattern: re.Pattern[str], part: str) -> list[str]:
    """The part's matches that are neither negated just before them (没找到类似的, 还没考过) nor part of a
    test's own name (复习 in 一轮复习检测)."""
    names = [m.span() for m in _NAMED.finditer(part)]
    return [m.group(0) for m in pattern.finditer(part)
            if not _NEGATION.search(part, max(0, m.start() - 4), m.start())
            and not any(s <= m.start() and m.end() <= e and e - s > m.end() - m.start() for s, e in names)]


def _said_parts(clause: str) -> list[str]:
    """What a clause says about the paste, not the paste itself: its short parts (早就公布了答案) whole, and
    in a long part only the words around a forward cue; no part that opens as an item does (`_ITEM_OPENING`)
    or holds a quantity (`_QUANTITY`). The rest of a long part is the item's own text, whose
    去年, 万历年间 or 上次 tell nothing of the test (考数学呢 向阳小学…体育考核的人数比去年…多40%)."""
    said: list[str] = []
    for part in _SAID_PART.split(clause):
        if _ITEM_OPENING.match(part) or _QUANTITY.search(part):
            continue
        if len(part) <= _SAID_CHARS or (part.isascii() and len(part.split()) <= _SAID_WORDS):
            said.append(part)
            continue
        for pattern, weight, _name in _WEIGHTS:
            if weight > 0:
                said.extend(part[max(0, m.start() - _SAID_REACH):m.end() + _SAID_REACH] for m in pattern.finditer(part))
    return said


def _clause_cues(clause: str) -> dict[str, float]:
    """{class: weight} of the cues one clause holds (past ones only where `_said_parts` finds them)."""
    found = {name: weight for pattern, weight, name in _WEIGHTS if pattern.search(clause) and name not in _BACKWARD}
    # A clause whose only cue is a bare test word (上次考试小红得了88分，这次考试…) is a word problem
    # about a test, not something said of the paste: its past words tell nothing; so is a long clause
    # whose only cues name a test (拉姆同学参加数学竞赛得了72分，此次竞赛共有20道题，做错…倒扣2分…).
    if found.keys() - {"test"} and not (found.keys() <= {"named", "test"} and len(clause) > _ITEM_CLAUSE):
        said = _said_parts(clause)
        for pattern, weight, name in _WEIGHTS:
            if name in _BACKWARD and any(_affirmed(pattern, part) for part in said):
                found[name] = weight
    if "named" in found:
        found.update(dict.fromkeys(_around_tests(clause), 0.0))
    return found


def _framing(norm: str) -> tuple[float, set[str], list[tuple[int, int]]]:
    """(best clause score, cue classes seen, framing clause spans) within the zones."""
    head = min(len(norm), _ZONE)
    nl = norm.find("\n", head, head + _ZONE)
    zones = [(0, len(norm) if len(norm) < 2 * _ZONE else (nl if nl >= 0 else head))]
    if zones[0][1] < len(norm):
        tail = max(zones[0][1], len(norm) - _ZONE)
        nl = norm.rfind("\n", max(zones[0][1], tail - _ZONE), tail)
        zones.append((nl + 1 if nl >= 0 else tail, len(norm)))
        # Between the two, a line of its own that points at the items around it may be the framing of
        # a long paste (item, then 以上两题是下周期中考试的，还没发下去, then the next item). Items are
        # hard-wrapped in short lines, so only a line opening with such a pointer counts.
        for line in _POINTER_LINE.finditer(norm, zones[0][1], zones[-1][0]):
            zones.insert(-1, line.span(1))
        # A sentence in the middle of a text of some length that frames on its own (a test, a link and a word
        # of a test to come or being sat, nothing past): 老师您好…（a paragraph）…这道是明天期中考的原题，卷子
        # 还没发：{item}…（another paragraph）. Longer pastes are many items, whose own sentences say such
        # things too.
        # Only the clauses holding a forward cue, found in one pass over the middle, are read whole.
        a, b = zones[0][1], zones[-1][0]
        forward = {m.start() for p in _FORWARD_PATTERNS for m in p.finditer(norm, a, b)} if len(norm) <= _MIDDLE_MAX else set()
        for c in _CLAUSE.finditer(norm, a, b) if forward else ():
            if len(c.group(0)) > _MIDDLE_CLAUSE or not any(c.start() <= i < c.end() for i in forward):
                continue
            cues = _clause_cues(c.group(0)).keys()
            if cues & _TEST_CLASSES and cues & _LINK_CLASSES and cues & _FORWARD and not cues & _BACKWARD:
                zones.insert(-1, c.span())
    classes: set[str] = set()
    clauses: list[tuple[int, int]] = []
    for z0, z1 in zones:
        for c in _CLAUSE.finditer(norm, z0, z1):
            found = _clause_cues(c.group(0))
            # Time and past words frame only next to a test word (过了一会儿 in a word
            # problem, 上个月的工资 are not about a test).
            if not found.keys() & _ANCHORS:
                continue
            classes.update(found)
            # A clause that only names a test (某次数学竞赛共20道题，…) may be the item's own
            # text; the item is looked for outside the clauses that say more than that.
            if found.keys() - {"named", "test"}:
                # Only the comma-separated parts that hold a cue: in 考试正在进行，甲乙两车… the
                # item starts after the comma, inside the same clause.
                for part in _PART.finditer(norm, *c.span()):
                    # A part whose only cue is a time and that holds a quantity or asks something is the
                    # item's own text (今天六年级到校的学生有48人, 明天上午8:30出发的客车…多少千米).
                    first = next((n for p, w, n in _WEIGHTS if w > 0 and p.search(part.group(0))), None)
                    if first is None:
                        continue
                    if first == "time" and (_QUANTITY.search(part.group(0)) or _ASKS.search(part.group(0))) and not any(
                            w > 0 and n != "time" and p.search(part.group(0)) for p, w, n in _WEIGHTS):
                        continue
                    clauses.append(part.span())
    # Each class counts once: 命题 … 命题 … 命题 in a logic problem is one cue, not three.
    if "public" in classes:
        classes -= {"sealed", "secrecy"}
    if classes & _AHEAD:
        classes.discard("soft_past")
    total = sum(weight for _, weight, name in _WEIGHTS if name in classes)
    return total, classes, clauses


def _without_requests(body: str) -> str:
    """The body without the parts that ask the assistant for something: every leading one (帮忙 一个圆柱…,
    帮我看答案对不对 一个果园…), and a later one that is no question itself (可以得到多少个不同的和 is
    the item's own question, not a request)."""
    kept: list[str] = []
    for part in _BODY_PART.split(body):
        if _REQUEST.search(part) and (not kept or not _ASKS.search(part)):
            continue
        kept.append(part)
    return "".join(kept)


def _has_item(norm: str, framing: list[tuple[int, int]]) -> bool:
    if _STRONG.search(norm) or len({m.group(1) for m in _OPTION.finditer(norm)}) >= 3:
        return True
    if _EXPRESSION.search(norm):
        return True
    # A question body outside the framing clauses, split at sentence ends and colons.
    rest: list[str] = []
    for m in _SENTENCE.finditer(norm):
        s, e = m.span()
        cut = sorted((max(s, fs), min(e, fe)) for fs, fe in framing if s < fe and fs < e)
        if cut:
            # What the framing leaves of the sentence (考试还没结束，|公园运来240盆鲜花…多少盆?).
            pieces, at = [], s
            for cs, ce in cut:
                pieces.append(norm[at:cs])
                at = max(at, ce)
            pieces.append(norm[at:e])
            body = "".join(pieces).strip(" ,，;；")
        else:
            body = m.group(0).strip()
        body = _without_requests(body)
        # The question may be a short last sentence of the item (…找回14元. 每个足球多少元?).
        if _ASKS.search(body) and len(body) + (len(rest[-1]) if rest else 0) >= 12:
            return True
        rest.append(body)
    material = "".join(rest)
    return len(material) >= _MATERIAL_CHARS and _MATERIAL.search(material) is not None


# Traditional forms of the characters the patterns above use (試卷 → 试卷, 還沒發 → 还没发, 聽日 →
# 听日), one character for one, so offsets do not move. Taken from MediaWiki's ZhConversion table
# (via zhconv 1.4.3, zh-cn, single characters only) for exactly the characters the patterns hold;
# regenerate it when the patterns gain characters (tests/detectors/test_exam_context.py checks).
_HANT_FROM = (
    "丟佈來俻個們倣備傢傳働兒內兩冊別刪剋剛動務卽厤參呌員唘問啓啟單嚴國圖報場塲壓妳學審寫尅將專對導尙嵗師帶幇幚幫幾廵廻張彆徃"
    "後徧復慮慶應挵捲揮據擬攝攷敎數斷於旹旾時暫曆書會朞枱査桮業槕樣機檢檯歲歴歷決沒沖洩測準灋為燒爐爲現畢發盃監眞瞭祕祘禮秊秌"
    "秖稾競箇節簽籤級組結絕給統絶經編練績繙纔羣習聯聽臺與萬葠蒐蓡蔘號衕衝裏補裡製複覈見觀訂計訓許訴診証評詞試該說説課調請講證"
    "譯議讀讓負責資賣質賽趕軸輔轉辦迴這逥週進運過達適選還釦鈡錯錶鍾鎖鎻鐘锺長開閱閲關階隨隻離鞏鞦韆項預頭題類颱飜馬騐驗體髮麪"
    "麫麵麺麼麽點齣"
    "筆曬貼論壇網盤繪溫熱須規實設間總"  # added by hand with the relation and test-shape patterns (r15)
    "輪語綜"  # added by hand with the round and subject words (r17)
)
_HANT_TO = (
    "丢布来备个们仿备家传动儿内两册别删克刚动务即历参叫员启问启启单严国图报场场压你学审写克将专对导尚岁师带帮帮帮几巡回张别往"
    "后遍复虑庆应弄卷挥据拟摄考教数断于时春时暂历书会期台查杯业桌样机检台岁历历决没冲泄测准法为烧炉为现毕发杯监真了秘算礼年秋"
    "只稿竞个节签签级组结绝给统绝经编练绩翻才群习联听台与万参搜参参号同冲里补里制复核见观订计训许诉诊证评词试该说说课调请讲证"
    "译议读让负责资卖质赛赶轴辅转办回这回周进运过达适选还扣钟错表钟锁锁钟钟长开阅阅关阶随只离巩秋千项预头题类台翻马验验体发面"
    "面面面么么点出"
    "笔晒贴论坛网盘绘温热须规实设间总"
    "轮语综"
)
# Cantonese written forms, one for one as well: 嘅 (的), 唔 (不), 聽日 is tomorrow once 聽 is 听.
_HANT = str.maketrans(_HANT_FROM + "嘅唔", _HANT_TO + "的不")
_ANY_HANT = re.compile(f"[{_HANT_FROM}嘅唔]")


# Written forms the cue patterns do not read, rewritten for reading the framing only (the finding still
# spans the text as sent): Chinese characters spaced out one by one (这 是 明 天 期 中 考 试), a framing typed
# in pinyin (xia zhou yue kao de ti), a pointing arrow or emoji standing for a colon (原题 👉 …).
_SPACED = re.compile(r"(?:[\u4e00-\u9fff][ \t\u3000]+){3,}[\u4e00-\u9fff]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
_POINTERS = str.maketrans(dict.fromkeys("👉👈👇👆☝➡⬅⬇⬆→←↓↑⇒⇓⟶", "："))
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]")
# The pinyin of the words the cue patterns read (tests and their papers, times, secrecy), two syllables or
# more so that no English word is taken for one; a text is read this way only when it holds two of them, or
# one of three syllables or more (zhengzai kao: no English word reads so).
_PINYIN = {
    "kaoshi": "考试", "yuekao": "月考", "qizhong": "期中", "qimo": "期末", "liankao": "联考", "mokao": "模考",
    "xiaoce": "小测", "zhouce": "周测", "ceyan": "测验", "ceshi": "测试", "jiankao": "监考", "kaochang": "考场",
    "shijuan": "试卷", "juanzi": "卷子", "yuanti": "原题", "yati": "押题", "baomi": "保密", "waichuan": "外传",
    "zhongkao": "中考", "gaokao": "高考", "yimo": "一模", "ermo": "二模", "danyuan": "单元",
    "mingtian": "明天", "houtian": "后天", "jintian": "今天", "xiazhou": "下周", "xiawu": "下午", "shangwu": "上午",
    "wanshang": "晚上", "zhengzai": "正在", "haimei": "还没", "deti": "的题", "zheshi": "这是",
    "haizaikao": "还在考", "zhengzaikao": "正在考", "kaoshizhong": "考试中", "biewaichuan": "别外传", "bieshuo": "别说", "xingqi": "星期", "zhouwu": "周五",
}
_SYLLABLE = re.compile(r"(?:[^aeiouv]*[aeiouv]+(?:ng|n(?![aeiouv])|r(?![aeiouv]))?)")
_PINYIN_LONG = frozenset(k for k in _PINYIN if len(_SYLLABLE.findall(k)) >= 3)
_PINYIN_WORD = re.compile(
    r"(?<![a-z])(?:" + "|".join(" ?".join(_SYLLABLE.findall(k)) for k in sorted(_PINYIN, key=len, reverse=True))
    + r")(?![a-z])")
_PINYIN_WORD = gated(_PINYIN_WORD)
_REWRITTEN = re.compile("[" + "".join(sorted(set("👉👈👇👆☝➡⬅⬇⬆→←↓↑⇒⇓⟶"))) + r"\U0001F000-\U0001FAFF\u2600-\u27BF]")


def _reading_view(norm: str, low: str) -> tuple[str, str]:
    """(norm, low) rewritten for reading the framing (see above); the same pair when nothing applies."""
    words = list(_PINYIN_WORD.finditer(low))
    enough = len(words) >= 2 or any(m.group(0).replace(" ", "") in _PINYIN_LONG for m in words)
    if enough:
        # low mirrors norm character for character: rewrite both at the spans found in low
        parts_n, parts_l, at = [], [], 0
        for m in words:
            han = _PINYIN[m.group(0).replace(" ", "")]
            parts_n += [norm[at:m.start()], han]
            parts_l += [low[at:m.start()], han]
            at = m.end()
        norm, low = "".join(parts_n + [norm[at:]]), "".join(parts_l + [low[at:]])
    if enough or _SPACED.search(low):
        norm, low = _CJK_GAP.sub("", norm), _CJK_GAP.sub("", low)
    if _REWRITTEN.search(low):
        norm, low = norm.translate(_POINTERS), low.translate(_POINTERS)
        norm, low = _EMOJI.sub("，", norm), _EMOJI.sub("，", low)
    return norm, low


class ExamContextDetector:
    """Decision table (see the theory of operation above):
      framing ≥ 2.0 with a test word, and a strong item cue or a question body -> report, 0.7–0.9
      framing alone (a study question about an exam)                           -> nothing
      an item alone (an exercise, a practice question)                         -> nothing
      past framing (上次/去年/真题) outweighs the rest                          -> nothing
    The finding spans the whole text and carries source=context, so the policy
    applies `exam_context_action` (default block) rather than `exam_structure_action`.
    """

    name: ClassVar[str] = "exam_context"
    entities: ClassVar[tuple[str, ...]] = ("EXAM_ITEM",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        if len(norm) < 20:
            return []
        if _ANY_HANT.search(norm):
            norm = norm.translate(_HANT)  # the same length: offsets hold
        low = norm.lower()
        if len(low) != len(norm):
            low = norm.translate(_ASCII_LOWER)  # a character whose lower case is longer (İ)
        if "《" in low:
            # A title names a book, not a test: 《五年高考三年模拟》里的一道题 is practice.
            low = _TITLE.sub(lambda m: "《" + " " * (len(m.group(0)) - 2) + "》", low)
        span_norm = norm
        norm, low = _reading_view(norm, low)
        zones = low[:_ZONE] + "\n" + low[-_ZONE:]
        if len(low) > 2 * _ZONE:
            zones += "".join("\n" + m.group(1) for m in _POINTER_LINE.finditer(low))
        if not any(p.search(zones) for p in _ANCHOR_PATTERNS):
            # A framing sentence in the middle (`_framing`) needs a test and a word of a test to come or being sat.
            middle = low[_ZONE:-_ZONE] if 2 * _ZONE < len(low) <= _MIDDLE_MAX else ""
            if not (middle and any(p.search(middle) for p in _FORWARD_PATTERNS)
                    and any(p.search(middle) for p in (_NAMED, _TEST, _PAPER, _LIVE))):
                return []
        score, classes, clauses = _framing(low)
        if score < _FRAMED or not classes & _TEST_CLASSES or not classes & _LINK_CLASSES or not _has_item(norm, clauses):
            return []
        norm = span_norm
        start, end = 0, len(norm)
        while start < end and norm[start].isspace():
            start += 1
        while end > start and norm[end - 1].isspace():
            end -= 1
        cues = ",".join(sorted(classes - _BACKWARD))
        return [finding_at(text, start, end, entity="EXAM_ITEM", score=min(0.9, 0.5 + 0.1 * score),
                           detector=self.name, metadata=(("cues", cues), ("source", "context")))]
