"""The person detector's shared vocabulary: role, kinship and pupil words, and
`strongly_cued`, which says a role or a class stands right next to a span."""

from __future__ import annotations

import re

from detectors.models.name_model import LEX_FUNCTION, LEX_MODIFIER, LEX_PLACE, LEX_VERB, WORD_KINDS
from detectors.models.name_tagger import Lexicon
from detectors.prefilter import gated

__all__ = ["cell_among_names", "chat_speaker", "column_among_names", "line_start", "place_cued", "strongly_cued"]

_LEFT_CUES = (
    "学生", "同学", "家长", "我叫", "名叫", "叫做", "叫作", "姓名", "名字是", "名字叫", "老师", "班主任", "校长",
    "孩子", "儿子", "女儿", "学员", "队员", "考生", "签名", "联系人", "申请人", "监护人", "父亲", "母亲",
    "爸爸", "妈妈", "同事", "朋友", "班长", "组长", "队长",
)

_RIGHT_CUES = ("同学", "老师", "先生", "女士", "家长", "的妈妈", "的爸爸", "妈妈", "爸爸", "今年", "岁", "is my", "'s ")

# Characters that may follow a dotted name directly (热依拉·托合提的作业).
_AFTER_NAME = frozenset("的了和与是在说这他她我你也就还又很把被给从")
# ... or precede it (王一然和|迪丽努尔·艾力).
_BEFORE_NAME = frozenset("和与及跟给是的叫为由向对被把让请、")
# A text about a school: a dotted name in it is a pupil or a parent, not a
# foreign author (伊恩·弗莱明 in a reading question stays unreported).
_SCHOOL_WORDS = re.compile(r"同学|同桌|学生|家长|老师|班主任|孩子|[0-9一二三四五六七八九十]班|年级|校|学期|评语|作业|成绩|上课|课堂|期中|期末|考试")
_SCHOOL_WORDS = gated(_SCHOOL_WORDS)  # the same matches, tried only where one can start (`detectors.prefilter.gated`)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Strong cues that let a candidate a little below the tagger's threshold through
# (an ordinary word or a rare name right after a role word: 学生马力, 外婆吴丽接待):
# kinship terms, school roles and form labels — a closed class, not example names.
_ROLE_WORDS = _LEFT_CUES + (
    "外婆", "外公", "奶奶", "爷爷", "姥姥", "姥爷", "舅舅", "姑姑", "叔叔", "伯伯", "小姨", "哥哥", "姐姐", "弟弟",
    "妹妹", "继父", "继母", "同桌", "监护人", "申请人", "联系人", "负责人", "收款人", "收件人", "户名", "户主",
    "持卡人", "本人", "该生", "医生", "校医", "队员", "委员", "课代表", "代表", "主持人", "辅导员", "教练", "司机",
    "考生", "选手", "学员", "新生", "插班生", "转学生", "邻居", "室友", "舍友", "好朋友", "名字", "叫",
)
_CUE_SEPS = " ：:\t"
_CLASS_BEFORE = re.compile(r"(?:[0-9一二三四五六七八九十]+班|[0-9一二三四五六七八九十]+\)班|（[0-9]+）班)的?$")
# Kinship terms: "name + 的 + kin" is someone's relative (王一诺的继父, 李华的姥姥).
_KIN = ("爸爸", "妈妈", "父亲", "母亲", "家长", "奶奶", "爷爷", "外婆", "外公", "姥姥", "姥爷", "舅舅", "姑姑", "叔叔",
        "伯伯", "阿姨", "小姨", "哥哥", "姐姐", "弟弟", "妹妹", "继父", "继母", "监护人", "表哥", "表姐", "堂哥", "堂姐")
_RIGHT_ROLE = ("同学", "家长", "妈妈", "爸爸", "两位同学", "等同学") + tuple("的" + k for k in _KIN)
# ... but not a meeting or a group named after the role (开家长会, 同学会).
_NOT_ROLE = ("家长会", "同学会", "家长群", "同学们")
# An English name with the Chinese one in brackets (Chloe (陈楷若)), or an English label.
_LATIN_BEFORE = re.compile(r"(?:[A-Za-z][a-z]+ ?[(（]|(?i:name is|name:|student:) ?)$")

# Round seven: what may stand between a role word and the name it introduces: a copula or a
# change of person (组长是|许诺, 舍长换成了|X, 课代表就是|X), and the separators a list or a
# form line puts there (信息员|X, 填表人/X, 网格员——X).
_CUE_LINKS = re.compile(r"(?:就是|也是|还是|即|是|为|改为|改成了?|换成了?|变成了?|调整为|调成了?|由)$")
# The bar is also typed as the CJK stroke 丨 (U+4E28), which input methods offer for "|".
_CUE_SEPS_WIDE = _CUE_SEPS + "|｜丨/／-—–～~→=>"
# Kinship terms by their parts, so the forms no list holds count too: a generation or
# order prefix and a kin morpheme (大伯, 三叔, 二姨, 干爹, 后爸, 老妈, 表妹), a doubled
# kin morpheme (姨姨, 婶婶), a great- prefix (太奶奶, 曾祖父), and in-laws and grandchildren
# (女婿, 儿媳, 外孙, 孙女). A lone 伯 or 姨 is no cue (阿拉伯, 阿姨 has its own entry).
_KIN_TAIL = re.compile(
    r"(?:[大二三四五六七八九小老干后继亲表堂](?:伯|叔|姨|舅|姑|婶|爸|妈|爹|娘|哥|姐|弟|妹|嫂)"
    r"|(伯|叔|姨|舅|姑|婶|爹|娘)\1|[太曾]?(?:爷爷|奶奶|姥姥|姥爷|外公|外婆|祖父|祖母)"
    r"|姨妈|姑妈|舅妈|姨夫|姑父|姑夫|姨父|舅父|岳父|岳母|公公|婆婆|嫂子|姐夫|妹夫|女婿|儿媳|外孙女?|孙女|孙子|侄子|侄女|外甥女?)$"
)
# Class roles written short (学委, 体委 …: 学习委员 and the like), a closed class.
_ROLE_SHORT = ("学委", "体委", "文委", "宣委", "劳委", "纪委", "生委", "组委", "班委", "团支书", "亲属", "失主",
               "社工", "对象", "家属", "舍长", "室长", "寝室长")


# Round seven: a form key whose value is a pupil (期末评语：X，男孩; 操行评定：X，良), a
# comma allowed after it.
_ABOUT_PUPIL = re.compile(r"(?:评语|评价|评定|鉴定)[:,]?$")
# ... and someone's home: a verb of going before the span and 家 after it (晚上去|X|家家访,
# 到|X|家里), unless 家 starts another word (X家具, X家乡 …).
_TO_HOME = re.compile(r"(?:去|到|来|回|住在|住进|在)了?$")
_NOT_HOME = frozenset("具乡境务电居政族教属用人")


# A role word, an optional separator and a run of Chinese characters: where a
# name without a surname (次仁卓玛) can stand (`minority.surnameless`, `bare.word_names`).
_ROLE_RUN = re.compile(
    "(?:" + "|".join(sorted({re.escape(w) for w in _ROLE_WORDS if len(w) >= 2}, key=len, reverse=True)) + ")"
    r"(?:[ :：\t]|是|叫作|叫做|叫|为|名叫)?([\u4e00-\u9fff]{2,})"
)


def strongly_cued(text: str, start: int, end: int, lexicon: Lexicon | None = None) -> bool:
    """A role word or a class right before the span (separators and a linking verb
    allowed: `_CUE_LINKS`), or a role right after it. Kinship terms count by their parts
    (`_KIN_TAIL`: 三叔, 太奶奶). With a `lexicon`, a role is also any agent noun
    (`_agent_noun`: 监考员, 报名人, 护旗手) the list does not hold."""
    before = text[max(0, start - 10) : start].rstrip(_CUE_SEPS_WIDE)
    link = _CUE_LINKS.search(before)
    if link is not None and link.start() > 0:  # 申请人是|石峰, 组长为|许诺, 舍长换成了|X
        before = before[: link.start()].rstrip(_CUE_SEPS_WIDE)
    return before.endswith(_ROLE_WORDS) or before.endswith(_ROLE_SHORT) or _KIN_TAIL.search(before) is not None \
        or _ABOUT_PUPIL.search(before) is not None \
        or (_TO_HOME.search(before) is not None and text[end : end + 1] == "家"
            and text[end + 1 : end + 2] not in _NOT_HOME) \
        or bool(_CLASS_BEFORE.search(before) or _LATIN_BEFORE.search(before)) \
        or (text.startswith(_RIGHT_ROLE, end) and not text.startswith(_NOT_ROLE, end)) \
        or (lexicon is not None and _agent_noun(before, lexicon))


# Round nine: places that say a person stands there, for a span that is no dictionary entry
# (`place_cued`). A group of ours before it (我们组的|X, 咱班|X); a verb of congratulating or
# praising before it and a verb or punctuation after it (恭喜|X|在); a self-introduction (我是|X|，);
# the subject of a clause before 把 or 被 (，X|把伞塞给了我) or a time word (，X|昨晚开始发烧);
# the complement of a copula after a relative clause, before punctuation (最会讲故事的是|X|，).
_OUR_GROUP = re.compile(r"(?:我们|咱们|你们|他们|她们|我|咱|本)(?:班|组|小组|队|寝室|宿舍)(?:里的|的|里)?$")
_PRAISE_BEFORE = re.compile(r"(?:恭喜|祝贺|表扬|感谢|欢迎|夸奖|奖励)$")
_PRAISE_AFTER = frozenset("在获荣被以，,。！!、")
_SELF_INTRO = re.compile(r"(?:我(?:是|叫)|的是)$")
_TIME_NEXT = re.compile(r"(?:今天|昨天|昨晚|明天|前天|刚才|早上|上午|中午|下午|晚上|最近|这两天|这几天|上周|下周|每天)")
_CLAUSE_OPEN = frozenset("\n，,。！!？?；;：:")
# What follows the subject opening a line: a copula, a preposition of who is affected.
_LINE_SUBJECT_NEXT = frozenset("是对")
# One-character titles after a surname (王总, 李工, 张导): no given name.
_ONE_CHAR_TITLES = frozenset("总董工导局处科")
# A member of a list of homes (第一车 X家、Y家): 家 after the span, then a separator or the end.
_HOME_END = frozenset("、，,；;。\n")


def place_cued(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """text[start:end], no dictionary entry, stands in one of the places above, or is a member
    of a list of homes (X家、Y家: 家 then a separator, the span opening the member). A span that
    ends in a one-character title (何总) or whose first two characters are a word or a place (宁波|正)
    never is."""
    if lexicon.code(text[start:end]) or text[end - 1] in _ONE_CHAR_TITLES \
            or (end - start == 3 and lexicon.code(text[start : start + 2]) // 8 in _WORDISH):
        return False  # an entry; a surname and a one-character title (何总); a word or place and one more (宁波|正)
    before = text[max(0, start - 8) : start]
    nxt = text[end : end + 1]
    if _OUR_GROUP.search(before) is not None:
        return True
    if (_PRAISE_BEFORE.search(before) is not None or _SELF_INTRO.search(before) is not None) \
            and (not nxt or nxt in _PRAISE_AFTER):
        return True
    opens = not before or before[-1] in _CLAUSE_OPEN
    if opens and ((nxt in ("把", "被") and text[end : end + 2] not in ("把握", "被子"))
                  or _TIME_NEXT.match(text, end) is not None):
        return True
    if (not before or before[-1] == "\n") and nxt in _LINE_SUBJECT_NEXT:
        return True  # a line that opens with a person and what they are or do (X是…, X对花生过敏)
    if nxt == "家" and (end + 1 == len(text) or text[end + 1] in _HOME_END) and not lexicon.code(text[start : end + 1]):
        stripped = before.rstrip(" ")
        return not stripped or stripped[-1] in _MEMBER_SEPS or stripped[-1] in ":：" or len(stripped) < len(before)
    return False


# Suffixes of Chinese agent nouns (who does something): 报名人, 获奖者, 监考员, 值日生,
# 班长, 护旗手, 教师, 教官. A word ending in one names a person's role.
_AGENT_SUFFIXES = frozenset("人者员生长手师官")


def _agent_noun(before: str, lexicon: Lexicon) -> bool:
    """`before` ends with an agent noun: a Chinese character and an agent suffix, where
    the two are not a verb or an adjective (成长, 惊人) and the suffix is not a lone
    word's head (个人, 别人: a function word before it)."""
    if len(before) < 2 or before[-1] not in _AGENT_SUFFIXES or not "\u4e00" <= before[-2] <= "\u9fff":
        return False
    kind = lexicon.code(before[-2:]) // 8
    return kind not in (LEX_VERB, LEX_MODIFIER, LEX_FUNCTION) and before[-2] not in _FUNCTION_FIRST


#: Dictionary kinds a name can be cut from: ordinary words and places.
_WORDISH = WORD_KINDS | {LEX_PLACE}

_FUNCTION_FIRST = frozenset("在的了和与是说给对把被让向从到也都就还又很不没已要会能")
_MEMBER_SEPS = frozenset("、,，;；/|\t\n")

# Words that say which or how many pupils (全班同学, 其他同学, 优秀同学): no name, even before 同学.
_GROUP_WORDS = frozenset(
    "全班 全体 全校 全组 本班 同班 各位 所有 其他 其它 其余 部分 多数 少数 个别 优秀 小组 每位 这些 那些 几位 两位 "
    "男生 女生 新来 转来 以上 以下 上述 下列 相关 有关 广大 亲爱".split()
)


# Places in a text's layout that several rules read (nicknames, Latin names).
_LINE_START_PAD = " \t>"
# A cell of a one-line list or seating plan: a run between spaces, tabs and list separators.
_CELL = re.compile(r"[^\s、,，;；/|｜]+")
_LATIN_CELL = re.compile(r"[A-Z][a-z]{1,11}")
_CJK_CELL = re.compile(r"[\u4e00-\u9fff·•・]{2,4}")


def line_start(norm: str, a: int) -> bool:
    """norm[a] opens a line (spaces, tabs or a quote mark before it allowed)."""
    i = a
    while i > 0 and norm[i - 1] in _LINE_START_PAD:
        i -= 1
    return i == 0 or norm[i - 1] == "\n"


def cell_among_names(norm: str, a: int, b: int, name_starts: set[int]) -> bool:
    """norm[a:b] is a whole cell of a one-line list or a seating plan (cells parted by spaces,
    tabs or list separators, after the line's first colon if it has one), and another cell of the
    line is a name (starts in `name_starts`), every cell two to four Chinese characters or a
    capitalised Latin word."""
    lo = norm.rfind("\n", 0, a) + 1
    hi = norm.find("\n", b)
    hi = len(norm) if hi < 0 else hi
    colons = [i for i in (norm.find("：", lo, hi), norm.find(":", lo, hi)) if i >= 0]
    if colons:  # a key before the line's first colon holds no cell (Team A: …)
        if a < min(colons):
            return False
        lo = min(colons) + 1
    cells = [(m.start() + lo, m.end() + lo) for m in _CELL.finditer(norm[lo:hi])]
    if (a, b) not in cells or len(cells) < 2 \
            or any(not _CJK_CELL.fullmatch(norm, s, e) and not _LATIN_CELL.fullmatch(norm, s, e) for s, e in cells):
        return False
    return any(s in name_starts for s, _e in cells if s != a)


def chat_speaker(norm: str, a: int, b: int, names: set[tuple[int, int]]) -> bool:
    """norm[a:b] is the speaker of a chat line: it opens a line and a colon follows it, no name
    follows the colon (Student: X is a form's key and its value), and another line of the text
    opens with a name in `names` and a colon (a chat log among named people)."""
    if norm[b : b + 1] not in (":", "：") or not line_start(norm, a):
        return False
    value = b + 1
    while value < len(norm) and norm[value] in " \t":
        value += 1
    if value >= len(norm) or norm[value] == "\n" or any(s == value for s, _e in names):
        return False
    return any(s != a and norm[e : e + 1] in (":", "：") and line_start(norm, s) for s, e in names)


# Round nine: the cells of a comma- or tab-separated table's row (排名,姓名,积分 / 3,X,109).
_ROW_CELL = re.compile(r"[^,\t\n]+")
#: How many lines before and after a row `column_among_names` reads.
_COLUMN_REACH = 12


def column_among_names(norm: str, a: int, b: int, name_starts: set[int]) -> bool:
    """norm[a:b] is a whole cell of a comma- or tab-separated row, and in another row of the same
    number of cells, near it, the cell of the same column is a name (starts in `name_starts`):
    a column of names in a table pasted as text (round nine)."""
    lo = norm.rfind("\n", 0, a) + 1
    hi = norm.find("\n", b)
    hi = len(norm) if hi < 0 else hi
    cells = [(m.start(), m.end()) for m in _ROW_CELL.finditer(norm, lo, hi)]
    if len(cells) < 2 or (a, b) not in cells:
        return False
    col, width = cells.index((a, b)), len(cells)
    start = lo
    for _ in range(_COLUMN_REACH):  # the rows before
        if start == 0:
            break
        start = norm.rfind("\n", 0, start - 1) + 1
        if _column_start(norm, start, col, width) in name_starts:
            return True
    end = hi
    for _ in range(_COLUMN_REACH):  # and after
        if end >= len(norm):
            break
        if _column_start(norm, end + 1, col, width) in name_starts:
            return True
        nxt = norm.find("\n", end + 1)
        end = len(norm) if nxt < 0 else nxt
    return False


def _column_start(norm: str, lo: int, col: int, width: int) -> int:
    """Where the cell `col` of the row starting at `lo` starts, if the row has `width` cells; else -1."""
    hi = norm.find("\n", lo)
    hi = len(norm) if hi < 0 else hi
    cells = [m.start() for m in _ROW_CELL.finditer(norm, lo, hi)]
    return cells[col] if len(cells) == width else -1
