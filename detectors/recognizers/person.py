"""`PERSON`: Chinese personal names (single and compound surnames), pinyin and English names.

Chinese names are decided by the learned span classifier in
`detectors.models.name_tagger` (weights trained by `make model`; no hand-set
weights here); a strong cue next to a candidate (a role or kinship word, a
class, 同学/家长 after it) lets it through up to the tagger's cue margin (logits
below its threshold; `NameTagger.cue_margin`, tuned by `make model` with the threshold), and a common word (安静) needs such a cue to be a name.
Dotted minority names (热依拉·托合提) are cut from the characters around the
dot; names without a surname (次仁卓玛) are taken after a role word or as the
next member of a list when their characters read as a name, or wherever two
Tibetan or Mongolian name elements stand in a row (`detectors.models.minority_names`). A span cut from a
longer dictionary word (阿司匹|林肠溶) or listed among ordinary words (橙子，胡萝卜)
is not a name. Textbook and public figures on the allow-list are never
reported; names on a loaded school roster always are. Latin-script names come
from the English given-name list and pinyin surnames (`Resources.latin_names_in`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.errors import ResourceError
from detectors.models.name_model import LEX_FUNCTION, LEX_MODIFIER, LEX_NAME, LEX_PLACE, LEX_VERB, WORD_KINDS
from detectors.models.name_tagger import ORG_GAP_STOPS, Lexicon, NameTagger
from detectors.models.minority_names import NAME_ELEMENTS, UYGHUR_SYLLABLES, YI_CLANS
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, TITLES as _TITLES
from detectors.resources import Resources
from detectors.text import ScanText

__all__ = ["PersonDetector", "strongly_cued"]

_LEFT_CUES = (
    "学生", "同学", "家长", "我叫", "名叫", "叫做", "叫作", "姓名", "名字是", "名字叫", "老师", "班主任", "校长",
    "孩子", "儿子", "女儿", "学员", "队员", "考生", "签名", "联系人", "申请人", "监护人", "父亲", "母亲",
    "爸爸", "妈妈", "同事", "朋友", "班长", "组长", "队长",
)
_LATIN_LEFT_CUES = _LEFT_CUES + (
    "叫", "my student", "student", "name is", "dear", "mr.", "ms.", "mrs.", "miss", "teacher", "my son",
    "my daughter", "pupil",
)
_RIGHT_CUES = ("同学", "老师", "先生", "女士", "家长", "的妈妈", "的爸爸", "妈妈", "爸爸", "今年", "岁", "is my", "'s ")
# Uyghur, Kazakh and other transliterated names: given name · father's name. The
# runs of Chinese characters on either side are cut to the name by
# `_dotted_extent` (学生|热依拉·托合提|参加了比赛).
# The dot is typed in many ways: the middle dot, a bullet, the katakana middle dot a
# phone keyboard gives (・), the hyphenation point (‧), the bullet operators (∙ ⋅), or
# a full stop between two runs of Chinese characters (迪丽努尔.艾力, after NFKC also ．).
_DOT_CHARS = "·•・‧∙⋅"
_DOT_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:[{_DOT_CHARS}]|\.(?=[\u4e00-\u9fff]))[\u4e00-\u9fff]{{2,}}")
_ANY_DOT = re.compile(rf"[{_DOT_CHARS}]|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])")
_DOT_IN_RUN = re.compile(rf"[{_DOT_CHARS}.]")
# Characters that may follow a dotted name directly (热依拉·托合提的作业).
_AFTER_NAME = frozenset("的了和与是在说这他她我你也就还又很把被给从")
# ... or precede it (王一然和|迪丽努尔·艾力).
_BEFORE_NAME = frozenset("和与及跟给是的叫为由向对被把让请、")
# A text about a school: a dotted name in it is a pupil or a parent, not a
# foreign author (伊恩·弗莱明 in a reading question stays unreported).
_SCHOOL_WORDS = re.compile(r"同学|同桌|学生|家长|老师|班主任|孩子|[0-9一二三四五六七八九十]班|年级|校|学期|评语|作业|成绩|上课|课堂|期中|期末|考试")
_DOTS = frozenset(_DOT_CHARS)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Cues that name a pupil right before or after an English name the list lacks.
_PUPIL_CUES = ("学生", "同学", "我叫", "名叫", "叫做", "孩子", "儿子", "女儿", "同桌", "学员", "新同学", "转学生")
_PUPIL_RIGHT = ("同学", "的妈妈", "的爸爸", "的家长", "家长")
# What follows a name directly (学生Xavier的作业, 学生Xavier今天…), not a product (学生Excel表格).
_NAME_FOLLOWERS = frozenset("的今昨说在是和、，,。;；")
# A capitalised Latin word and a list separator right before a span, or after it.
_LATIN_MEMBER_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,14}) ?(?:[、,&/;]| and |和|与) ?$")
_LATIN_MEMBER_AFTER = re.compile(r" ?(?:[、,&/;]| and |和|与) ?([A-Z][a-z]{1,14})(?![A-Za-z])")
# Round seven: a capitalised word that may be a given name the list lacks (`_unlisted_english`),
# the list links around it, and an English self-introduction before it.
_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,11}(?![A-Za-z])")
_LIST_LINK_AFTER = re.compile(r" ?(?:[、,&/;]| and |和|与) ?")
_LIST_LINK_BEFORE = re.compile(r" ?(?:[、,&/;]| and |和|与) ?$")
_SELF_INTRO = re.compile(r"(?i:my name is|i'm|i am|call me) $")
# A run of Latin letters (a word), not inside a longer one.
_LATIN_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,15}(?![A-Za-z])")
# An organisation follows within a few characters: 马钢(集团), 东方日升（宁波）电力有限公司.
# The bracket may hold a place (东方日升（宁波）电力开发有限公司).
# Round four: also the heads of small businesses (家政服务部, 农业合作社, 培训学校, 商贸),
# which a text names like a person's shop (张伟家政服务部: a trade name, as registered).
_ORG_WORDS = (
    "集团|公司|股份|有限|控股|银行|制药|药业|实业|科技|电器|能源"
    "|家政|服务部|合作社|培训学校|培训中心|商贸|经营部|门市部|工作室|商行|餐饮|地产|装饰工程|文化传播|贸易|加工厂"
)
# Not across a function character (王一诺的爸爸在华为公司: 王一诺 is a person).
_GAP = rf"[^\x00-\u4dff\ua000-\uffff{ORG_GAP_STOPS}]"
_ORG_AFTER = re.compile(
    rf"{_GAP}{{0,4}}?(?:[(（]{_GAP}{{1,4}}[)）])?{_GAP}{{0,4}}?"
    rf"[(（]?(?:{_ORG_WORDS})"
)
# A text without any of those words names no company (`_company_names` skipped).
_ORG_WORD = re.compile(_ORG_WORDS)
# Round five: a shop or small works named after its owner (张伟五金店, 李娜口腔诊所,
# 刘洋汽修厂, 王芳超市): establishment words and the characters that end the name of
# one, closed classes; `_shop_after` reads the trade words in front of them from the lexicon.
_SHOP_WORDS = (
    "超市", "商店", "书店", "饭店", "药店", "酒店", "花店", "商场", "餐厅", "餐馆", "饭馆", "面馆", "茶馆", "诊所",
    "驾校", "网吧", "小卖部", "门市部", "批发部", "维修部", "经营部", "工作室", "事务所", "旅行社", "加工厂",
    "修理厂", "培训班",
    # Round seven: more of the same closed class (farms, stalls, depots, markets).
    "药房", "药铺", "花店", "农家乐", "农场", "牧场", "渔场", "鱼塘", "果园", "摊位", "门诊", "卫生室", "卫生所",
    "美容院", "理发店", "画室", "琴行", "车行", "托管班", "辅导班", "补习班", "便利店", "快递站", "快递点", "家具城",
    "建材城", "菜馆", "酒楼", "茶楼", "早餐店", "水果店",
)
_SHOP_CHARS = frozenset("店厂部馆社铺坊场站城房")
_SHOP_RUN = re.compile(rf"[^\x00-\u4dff\ua000-\uffff{ORG_GAP_STOPS}]{{2,8}}")
# Words that mark a person (同学, 家长, 爸爸 …): an organisation word after one of them
# (王小明同学获得区科技创新大赛一等奖) belongs to another phrase.
_PERSON_WORD = re.compile("同学|老师|家长|学生|先生|女士|妈妈|爸爸|小朋友|同志|获得|荣获|参加")
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
#: How far above the threshold an uncued span must score when its surname is
#: also a common function character (于未然, 和家; likelihood ratio below 1).
_WEAK_SURNAME_MARGIN = 1.0


def _dot_at(norm: str, i: int) -> bool:
    """A name's dot stands at `i` (a full stop only between Chinese characters)."""
    if i < 0 or i >= len(norm):
        return False
    ch = norm[i]
    return ch in _DOTS or (ch == "." and 0 < i < len(norm) - 1 and "\u4e00" <= norm[i - 1] <= "\u9fff"
                           and "\u4e00" <= norm[i + 1] <= "\u9fff")


# Round seven: what may stand between a role word and the name it introduces: a copula or a
# change of person (组长是|许诺, 舍长换成了|X, 课代表就是|X), and the separators a list or a
# form line puts there (信息员|X, 填表人/X, 网格员——X).
_CUE_LINKS = re.compile(r"(?:就是|也是|还是|即|是|为|改为|改成了?|换成了?|变成了?|调整为|调成了?|由)$")
_CUE_SEPS_WIDE = _CUE_SEPS + "|｜/／-—–～~→=>"
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


# One or two name elements of a surname-less Tibetan or Mongolian name
# (`detectors.models.minority_names`), not inside a longer run of elements.
_ELEMENTS_ALT = "|".join(sorted(NAME_ELEMENTS, key=len, reverse=True))
_ELEMENT_RUN = re.compile(f"({_ELEMENTS_ALT})({_ELEMENTS_ALT})?")
_ANY_ELEMENT = re.compile(_ELEMENTS_ALT)
# Round seven: a bare given name or a nickname before a pupil or parent word (group 2), or
# after 请 / 让 / 叫 / 给 before a function character or punctuation (group 3).
_BARE_RIGHT = "同学(?![们会])|的妈妈|的爸爸|的家长|妈妈|爸爸|家长(?![会群])|小朋友"
_BARE_CONTEXT = re.compile(
    rf"([\u4e00-\u9fff]{{2}})(?:({_BARE_RIGHT}))|(?<=[请让叫给])([\u4e00-\u9fff]{{2}})(?=[把去来到在的和也都就先今明,.!?;:，。！？；：、]|$)"
)
# The stock characters of textbook word problems (小明有5个苹果): fictional, like 李华.
_TEXTBOOK_NICKNAMES = frozenset("小明 小红 小刚 小华 小丽 小强 小芳 小军 小亮 小兰 小东 小林".split())
# What may stand before a bare name that 同学 follows (a boundary or a verb that takes a person).
_BARE_BEFORE = frozenset("请让叫给和跟与对把被由找问是的")
# A Dai boy's name: 岩 (Ai) and one character (`PersonDetector._dai_name` decides).
_DAI_NAME = re.compile(r"岩[\u4e00-\u9fff]")
# A Uyghur or Kazakh name written without its dot: five or more transcription characters in a row.
_UYGHUR_RUN = re.compile("[" + "".join(sorted(UYGHUR_SYLLABLES)) + "]{5,12}")
# A Yi clan name and a two-character given name (`YI_CLANS`), not inside a longer run.
_YI_NAME = re.compile("(?:" + "|".join(sorted(YI_CLANS)) + r")[\u4e00-\u9fff]{2}")


def _element_tail(norm: str, end: int) -> int:
    """End of a name of name elements ending at `end`, taking one more Chinese
    character (阿拉坦|仓) when a boundary follows it (the text's end, a character
    that is not Chinese, a particle) and it is no particle or function word itself."""
    nxt = norm[end : end + 1]
    after = norm[end + 1 : end + 2]
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in _AFTER_NAME and nxt not in _FUNCTION_FIRST \
            and (not after or not "\u4e00" <= after <= "\u9fff" or after in _AFTER_NAME):
        return end + 1
    return end


# A role word, an optional separator and a run of Chinese characters: where a
# name without a surname (次仁卓玛) can stand (`PersonDetector._surnameless`).
_ROLE_RUN = re.compile(
    "(?:" + "|".join(sorted({re.escape(w) for w in _ROLE_WORDS if len(w) >= 2}, key=len, reverse=True)) + ")"
    r"(?:[ :：\t]|是|叫作|叫做|叫|为|名叫)?([\u4e00-\u9fff]{2,})"
)
#: Dictionary kinds a name can be cut from: ordinary words and places.
_WORDISH = WORD_KINDS | {LEX_PLACE}
# (characters before the span, length) of the 3–4 character words that reach into it.
_REACH_IN = ((1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A list separator after a found name: the next member may be a surname-less name.
_LIST_SEPS_AFTER = frozenset("、,，;；/| \t")
_FUNCTION_FIRST = frozenset("在的了和与是说给对把被让向从到也都就还又很不没已要会能")
#: Mean per-character evidence (log-likelihood ratio, given name or transliteration)
#: a surname-less run needs.
_NAME_LIKE = 0.5
#: ... and a two-character one, which an ordinary phrase (家长|群里|说) matches more often.
_NAME_LIKE_2 = 2.0


def _name_like(lex: Lexicon, name: str, level: float) -> bool:
    """The characters of `name` read as a given name or a transliteration on average:
    each counts its better log-likelihood ratio (`Lexicon.given_bin`, `translit_bin`)."""
    total = 0.0
    for ch in name:
        g = int(lex.given_bin[ord(ch)])
        t = int(lex.translit_bin[ord(ch)])
        v = max(g - 7 if g else -3.0, t - 3 if t else -3.0)
        if v < -3.5:
            return False  # a function character (在, 很) or one names avoid
        total += v
    return total / len(name) >= level


#: How far before a found span an allow-listed name may start and still cover it.
_ALLOW_REACH = 3


class PersonDetector:
    """Decision: the tagger's logit passes its tuned threshold, the span is not an
    allow-listed figure; score 0.55 at the threshold rising to 0.95; roster names 0.99."""

    name: ClassVar[str] = "person"
    entities: ClassVar[tuple[str, ...]] = ("PERSON",)

    def __init__(self, resources: Resources) -> None:
        if resources.name_tagger is None:
            raise ResourceError("PERSON needs the name tagger (detectors/models/name_tagger.npz)")
        self._res = resources
        self._tagger: NameTagger = resources.name_tagger
        self._strong = functools.partial(strongly_cued, lexicon=self._tagger.lexicon)

    def _cued(self, norm: str, start: int, end: int) -> bool:
        """`strongly_cued`, or an English given name (the list's) as the neighbouring member
        of a list the span stands in (参赛名单：Judy、|X, this week: Max, |X): a list of
        pupils written with their English and Chinese names."""
        return self._strong(norm, start, end) or self._latin_neighbour(norm, start, end)

    def _latin_neighbour(self, norm: str, start: int, end: int) -> bool:
        m = _LATIN_MEMBER_BEFORE.search(norm, max(0, start - 24), start)
        if m is None:
            m = _LATIN_MEMBER_AFTER.match(norm, end)
        return m is not None and m.group(1) in self._res.english_given

    def detect(self, text: ScanText) -> list[Finding]:
        return self.decide(text, self._tagger.spans(text.norm, cued=self._cued))

    def decide(self, text: ScanText, found: list[tuple[int, int, float]], threshold: float | None = None,
               list_margin: float | None = None) -> list[Finding]:
        """The findings, given the tagger's decoded spans of `text.norm` (`NameTagger.spans`);
        `make model` passes other thresholds and margins here to tune them on what the
        detector reports (None: the tagger's own)."""
        norm = text.norm
        spans: list[tuple[int, int, float, str]] = []
        threshold = self._tagger.threshold if threshold is None else threshold
        list_margin = self._tagger.list_margin if list_margin is None else list_margin
        # A common word (安静, 海洋, 巴西) is a name only where a strong cue says so
        # (学生安静, 组长许诺), here or at another mention in the same text.
        # The same holds for an uncued span whose surname is also a common function
        # character (防患|于未然), unless it scores well above the threshold.
        common = self._tagger.lexicon.is_common_word
        weak = self._tagger.lexicon.weak_surname
        # So does a span that is itself an ordinary dictionary word of any frequency (陈述, 母校).
        code = self._tagger.lexicon.code
        # And a compound-surname span whose first three characters are an ordinary word
        # (微生|物与: 微生物), which a compound surname's first two are cut from.
        needs_cue = [
            common(norm[a:b]) or code(norm[a:b]) // 8 in WORD_KINDS or norm[a:b] in _CALENDAR_WORDS
            or (b - a == 4 and code(norm[a : a + 3]) // 8 in WORD_KINDS)
            or (logit < threshold + _WEAK_SURNAME_MARGIN and weak[ord(norm[a])]
                and norm[a : a + 2] not in COMPOUND_SURNAMES)
            or _weak_reading(norm, a, b, logit, threshold, code, len({norm[x:y] for x, y, _ in found}) == 1)
            for a, b, logit in found
        ]
        # Only the names that need a cue are looked for a cue, once each until one is found.
        uncued = {norm[a:b] for (a, b, _), needs in zip(found, needs_cue) if needs}
        cued_names: set[str] = set()
        for a, b, _ in found if uncued else ():
            name = norm[a:b]
            if name in uncued and name not in cued_names and self._cued(norm, a, b) and name not in _GROUP_WORDS:
                cued_names.add(name)
        found = [f for f, needs in zip(found, needs_cue)
                 if (not needs or norm[f[0] : f[1]] in cued_names) and norm[f[1] - 2 : f[1]] not in _TITLES
                 and not _grade_or_kin(norm, f[0], f[1]) and not _THING_MEASURE.search(norm, max(0, f[0] - 2), f[0])
                 and not _misread_shape(norm, f[0], f[1], code)]
        if found:
            found = self._not_in_word_lists(norm, [f for f in found if not self._inside_word(norm, f[0], f[1])],
                                            threshold, list_margin)
        companies = _company_names(norm, found, self._tagger.lexicon.is_word, self._name_char) if found else set()
        has_dots = _ANY_DOT.search(norm) is not None
        role_run = _ROLE_RUN.search(norm) is not None
        allow_starts = self._res.allow_starts(norm) if found or has_dots or role_run else bytes(len(norm))
        for start, end, logit in found:
            if (has_dots and (_dot_at(norm, end) or _dot_at(norm, start - 1))) \
                    or norm[start:end] in companies or self._allow_listed(norm, start, end, allow_starts):
                continue  # a public figure, half of a transliterated name (伊恩·弗莱明), a company
            spans.append((start, end, min(0.95, 0.55 + 0.05 * (logit - threshold)), "model"))
        # A text that names a real Chinese person is about real people: a lone
        # English given name or a dotted minority name in it is one of them.
        about_people = bool(spans)
        for m in _DOT_NAME.finditer(norm) if has_dots else ():
            start, end = self._dotted_extent(m.group(), m.start())
            before = norm[max(0, start - 6) : start].lower().rstrip(" :：,，")
            if (about_people or before.endswith(_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end)
                    or _SCHOOL_WORDS.search(norm)) and not self._allow_listed(norm, start, end, allow_starts):
                spans.append((start, end, 0.8, "dotted"))
        school = about_people or role_run or _SCHOOL_WORDS.search(norm) is not None
        for m in _ELEMENT_RUN.finditer(norm) if _ANY_ELEMENT.search(norm) else ():
            # Two Tibetan or Mongolian name elements in a row (次仁卓玛-like): a name,
            # whatever the combination; one long element (巴特尔) in a text about people
            # or, since round seven, about school.
            if m.group(2) or (len(m.group(1)) >= 3 and school):
                spans.append((m.start(), _element_tail(norm, m.end()), 0.75, "elements"))
        for m in _YI_NAME.finditer(norm) if (about_people or role_run or _SCHOOL_WORDS.search(norm)) else ():
            # A Yi name (clan + given name): the given name is no ordinary word, and the four
            # characters are no dictionary entry (马海|毛衣, 阿西莫夫 stay unreported).
            lex = self._tagger.lexicon
            a, b = m.start(), m.end()
            if lex.code(norm[a + 2 : b]) // 8 not in WORD_KINDS and not lex.code(norm[a:b]) \
                    and norm[b - 1] not in _AFTER_NAME and norm[a + 2] not in _FUNCTION_FIRST \
                    and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.7, "yi"))
        for m in _DAI_NAME.finditer(norm) if school else ():
            # A Dai boy's name (岩 and one character) standing alone (round seven).
            a, b = m.start(), m.end()
            if self._dai_name(norm, a, b) and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "dai"))
        for m in _UYGHUR_RUN.finditer(norm) if school else ():
            # A Uyghur name without its dot (round seven), in a text about pupils, when no
            # ordinary word or place stands inside the run (斯德哥尔摩, 阿里巴巴 are entries).
            a, b = m.start(), m.end()
            if not self._word_inside(norm[a:b]) and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.7, "uyghur"))
        for a, b in self._bare_given(norm) if school and _BARE_CONTEXT.search(norm) else ():
            if not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "bare"))
        for start, end in self._surnameless(norm, allow_starts, spans, role_run) if role_run or spans else ():
            spans.append((start, end, 0.7, "cued"))
        for start, end in self._res.roster_names_in(norm):
            spans.append((start, end, 0.99, "roster"))
        latin = self._res.latin_names_in(norm)
        cjk = _CJK.search(norm) is not None
        for start, end, _full in latin:
            # An English or pinyin name in a Chinese prompt is usually an invented
            # example (John Smith) or a public figure; it counts when a cue says
            # it is a real pupil or parent, or the text names real people.
            before = norm[max(0, start - 14) : start].lower().rstrip(" :：,，")
            if about_people or before.endswith(_LATIN_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end):
                spans.append((start, end, 0.8, "latin"))
        if cjk:
            spans += self._cased_english(norm, {(a, b) for a, b, _ in latin})
            if about_people:
                spans += self._unlisted_english(norm, spans)
        return [
            finding_at(text, s, e, entity="PERSON", score=sc, detector=self.name, metadata=(("source", src),))
            for s, e, sc, src in _dedupe(spans)
        ]

    def _cased_english(self, norm: str, seen: set[tuple[int, int]]) -> list[tuple[int, int, float, str]]:
        """English given names of pupils in a Chinese text, written in ways the list
        lookup of `Resources.latin_names_in` misses: in capitals or in lower case
        (EMILY, emily) where a person cue stands right before or after them and the
        capitalised form is in the English given-name list; or a capitalised word the
        list does not hold (a rarer name) between a Chinese pupil word and a particle
        (学生Xavier的作业) or before 同学 / 的妈妈 (Xavier同学)."""
        out: list[tuple[int, int, float, str]] = []
        for m in _LATIN_TOKEN.finditer(norm):
            word = m.group()
            if (m.start(), m.end()) in seen or word.capitalize() in self._res.allow_names:
                continue
            before = norm[max(0, m.start() - 8) : m.start()].lower().rstrip(" :：,，")
            cued = before.endswith(_LEFT_CUES) or norm.startswith(_RIGHT_CUES, m.end())
            if not cued:
                continue
            if word[0].isupper() and word[1:].islower():
                # The capitalised form of a listed name is `latin_names_in`'s; an unlisted one
                # counts only with Chinese right before and after it (not in English prose).
                nxt = norm[m.end() : m.end() + 1]
                if word not in self._res.english_given and len(word) >= 3 and (
                        (nxt in _NAME_FOLLOWERS and _CJK.match(norm[m.start() - 1 : m.start()] or " ")
                         and before.endswith(_PUPIL_CUES))
                        or norm.startswith(_PUPIL_RIGHT, m.end())):
                    out.append((m.start(), m.end(), 0.7, "latin"))
                continue
            if word.capitalize() in self._res.english_given:
                out.append((m.start(), m.end(), 0.75, "latin"))
        return out

    def _dai_name(self, norm: str, a: int, b: int) -> bool:
        """norm[a:b] (岩 and one character) is a Dai name: no dictionary word (岩石, 岩层), the
        second character no function character, a boundary before it (the text's start, no
        Chinese character, a list separator, a cue) and after it (no Chinese character, a
        particle, a parent or pupil word)."""
        if self._tagger.lexicon.code(norm[a:b]) or norm[a + 1] in _FUNCTION_FIRST \
                or norm[a + 1] in self._tagger.lexicon.function_chars:
            return False
        if any(norm[a + 1 : a + 1 + n] and self._tagger.lexicon.is_word(norm[a + 1 : a + 1 + n]) for n in (2, 3)):
            return False  # 岩|石头: the second character opens a word
        prev = norm[a - 1 : a]
        left = not prev or not _CJK.match(prev) or prev in _MEMBER_SEPS or prev in _BEFORE_NAME \
            or self._cued(norm, a, b)
        nxt = norm[b : b + 1]
        right = not nxt or not _CJK.match(nxt) or nxt in _AFTER_NAME or norm.startswith(_RIGHT_ROLE, b) \
            or norm.startswith(_KIN, b)
        return left and right

    def _bare_given(self, norm: str) -> list[tuple[int, int]]:
        """Pupils named by their given name or a nickname alone (round seven), where the
        wording says a pupil is meant: two name-like characters (`_bare_like`, no dictionary
        word) right before 同学 or a parent word (浩轩同学, 子轩的妈妈), or between 请 / 让 / 叫 /
        给 and a function character or punctuation (请浩轩把作业交上来); a nickname 小X or 阿X
        (X name-like, 小X no ordinary word) before 同学 or a parent word (小雨的妈妈)."""
        out: list[tuple[int, int]] = []
        code = self._tagger.lexicon.code
        for m in _BARE_CONTEXT.finditer(norm):
            group = 1 if m.group(1) is not None else 3
            a, b = m.start(group), m.end(group)
            name = m.group(group)
            if m.group(2) is not None and norm[a - 1 : a] and _CJK.match(norm[a - 1]) \
                    and norm[a - 1] not in _BARE_BEFORE:
                continue  # 同学 after a longer phrase (其他班同学): the run's start is unknown
            if name[0] in "小阿":
                if name in _TEXTBOOK_NICKNAMES or not self._bare_like(name[1]) or code(name) // 8 in WORD_KINDS or m.group(2) is None:
                    continue
            elif code(name) or not all(self._bare_like(ch) for ch in name) or name in _GROUP_WORDS:
                continue
            out.append((a, b))
        return out

    def _bare_like(self, ch: str) -> bool:
        """`ch` reads as a given name's character: a log-likelihood ratio of 1 or more in
        given names (`Lexicon.given_bin`), or unseen there and rare in running text."""
        if ch in _FUNCTION_FIRST or ch in self._tagger.lexicon.function_chars:
            return False
        lex = self._tagger.lexicon
        g, r = int(lex.given_bin[ord(ch)]), int(lex.rarity_bin[ord(ch)])
        return g >= 8 or (g == 0 and (r == 0 or r >= 7))

    def _word_inside(self, run: str) -> bool:
        """A dictionary word stands inside `run`: two characters of an ordinary word with a
        jieba count of 1,000 or more, or three or four of any entry but a name."""
        code = self._tagger.lexicon.code
        for i in range(len(run) - 1):
            two = code(run[i : i + 2])
            if two // 8 in WORD_KINDS and two % 8 >= 3:
                return True
            for n in (3, 4):
                longer = code(run[i : i + n]) if i + n <= len(run) else 0
                if longer and longer // 8 != LEX_NAME:
                    return True
        return False

    def _name_char(self, ch: str) -> bool:
        """`ch` reads as a given name's character: Chinese, no function character, and
        either frequent in given names (`Lexicon.given_bin`, log-likelihood ratio 1 or more)
        or unseen there and rare in running text (`rarity_bin`: 皎, 曈), not a common verb (买)."""
        if not ch or not "\u4e00" <= ch <= "\u9fff" or ch in _FUNCTION_FIRST or ch in ORG_GAP_STOPS:
            return False
        lex = self._tagger.lexicon
        g, r = int(lex.given_bin[ord(ch)]), int(lex.rarity_bin[ord(ch)])
        return g >= 8 or (g == 0 and (r == 0 or r >= 5))

    def _unlisted_english(self, norm: str, spans: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
        """English given names the list lacks (Joy, Mark, Sunny are words too), in a text
        that names a Chinese person (round seven): a capitalised word written as a member
        of a list beside a found name (Group B：Joy、X, Partners: Joy and X), in brackets
        right after one (X（Joy）), or after an English self-introduction (my name is Joy)."""
        out: list[tuple[int, int, float, str]] = []
        taken = {(a, b) for a, b, _sc, _src in spans}
        starts = {a for a, _b, _sc, src in spans if src == "model"}
        ends = {b for _a, b, _sc, src in spans if src == "model"}
        for m in _CAPITALISED.finditer(norm):
            a, b = m.start(), m.end()
            if (a, b) in taken or m.group() in self._res.allow_names:
                continue
            after = _LIST_LINK_AFTER.match(norm, b)
            before = _LIST_LINK_BEFORE.search(norm, max(0, a - 6), a)
            bracket = a >= 1 and norm[a - 1] in "(（" and b < len(norm) and norm[b] in ")）" and a - 1 in ends
            intro = _SELF_INTRO.search(norm, max(0, a - 14), a) is not None
            if (after is not None and after.end() in starts) or (before is not None and before.start() in ends) \
                    or bracket or intro:
                out.append((a, b, 0.7, "latin"))
        return out

    def _inside_word(self, norm: str, a: int, b: int) -> bool:
        """A dictionary word of three or four characters starts before the span and
        reaches into it: the span is cut from it (阿|司匹林, 阿司匹|林肠溶), not a name
        standing on its own; unless a strong cue names it. (Two-character words
        are too often a misreading: 课上|周一然 against 上周; one counts only when the
        rest of the span is an ordinary word as well.)"""
        words = self._tagger.lexicon.words
        for p, q in _REACH_IN:
            if a >= p and words.get(norm[a - p : a - p + q], 0) // 8 in _WORDISH:
                return not self._cued(norm, a, b)
        # A two-character word reaches into the span and the rest of the span is an
        # ordinary word too (充|满真挚: 充满 and 真挚): a phrase, not a name.
        if a >= 1 and b - a >= 3 and words.get(norm[a - 1 : a + 1], 0) // 8 in WORD_KINDS \
                and words.get(norm[a + 1 : b], 0) // 8 in WORD_KINDS:
            return not self._cued(norm, a, b)
        return False

    def _not_in_word_lists(self, norm: str, found: list[tuple[int, int, float]],
                           threshold: float, list_margin: float) -> list[tuple[int, int, float]]:
        """Drop a weak span (under the tagger's list margin above the threshold) that is a whole
        member of a list whose neighbouring member is an ordinary dictionary word
        (橙子，胡萝卜，洋葱): a list holds things of one kind, and the others are not
        names. A neighbour that is itself a found name keeps it."""
        names = {(a, b) for a, b, _ in found}
        is_word = self._tagger.lexicon.is_word
        out: list[tuple[int, int, float]] = []
        for a, b, logit in found:
            if logit < threshold + list_margin and _whole_member(norm, a, b):
                neighbours = _neighbour_members(norm, a, b)
                if neighbours and not any(n in names for n in neighbours) \
                        and any(is_word(norm[x:y]) for x, y in neighbours):
                    continue
            out.append((a, b, logit))
        return out

    def _surnameless(self, norm: str, allow_starts: bytes, found: list[tuple[int, int, float, str]],
                     role_run: bool) -> list[tuple[int, int]]:
        """Names without a surname (Tibetan and Mongolian names, 次仁卓玛-like), which
        the tagger has no candidate for: a run of Chinese characters right after a
        role word (学生, 孩子叫), or in a list with a found name (王一诺、次仁卓玛), cut
        by `_name_run`."""
        out: list[tuple[int, int]] = []
        starts: list[int] = []
        for m in _ROLE_RUN.finditer(norm) if role_run else ():
            at = m.start(1)
            if norm[at - 1 : at] in "是叫为" and norm[max(0, at - 3) : at - 1].endswith(("不", "就", "只", "也", "都")):
                continue
            starts.append(at)
        # The next member of a list that holds a found name (separator, then Chinese).
        starts += [e + 1 for _s, e, _sc, _src in found if norm[e : e + 1] in _LIST_SEPS_AFTER]
        taken = {(s, e) for s, e, _sc, _src in found}
        words = self._tagger.lexicon.words
        function_chars = self._tagger.lexicon.function_chars
        seen: dict[str, int] = {}  # run text -> its name's length (a paragraph repeats its role words)
        for at in starts:
            first = norm[at : at + 1]
            if not first or first in SINGLE_SURNAMES or first in _FUNCTION_FIRST or first in function_chars \
                    or not "\u4e00" <= first <= "\u9fff" or words.get(norm[at : at + 2], 0) // 8 in WORD_KINDS:
                continue  # what `_name_run` refuses (您好, 这学期, 布置), checked before it looks further
            key = norm[at : at + 8]
            if key not in seen:
                end = self._name_run(norm, at)
                seen[key] = end - at if end else 0
            end = at + seen[key] if seen[key] else 0
            if end and (at, end) not in taken and not self._allow_listed(norm, at, end, allow_starts):
                out.append((at, end))
                taken.add((at, end))
        return out

    def _name_run(self, norm: str, at: int) -> int:
        """End of a surname-less name starting at `at`, or 0: the shortest run of 2–4
        Chinese characters that a boundary follows (the end, a non-Chinese character,
        a particle or a dictionary word), when it does not start at a surname (the
        tagger judges those) or a function character, no two adjacent characters of
        it form an ordinary word and its characters are name- or transliteration-like
        on average (`_name_like`)."""
        lex = self._tagger.lexicon
        m = _CHINESE_RUN.match(norm, at)
        if m is None:
            return 0
        run = m.group()
        if run[0] in SINGLE_SURNAMES or run[0] in _FUNCTION_FIRST:
            return 0
        for k in range(2, min(4, len(run)) + 1):
            rest = run[k:]
            if rest and rest[0] not in _AFTER_NAME and not any(lex.is_word(rest[:n]) for n in (2, 3) if len(rest) >= n):
                continue
            name = run[:k]
            if any(lex.code(name[i : i + 2]) // 8 in WORD_KINDS for i in range(k - 1)) \
                    or lex.code(name) // 8 in WORD_KINDS \
                    or not _name_like(lex, name, _NAME_LIKE if k > 2 else _NAME_LIKE_2):
                return 0
            return at + k
        return 0

    def _dotted_extent(self, run: str, offset: int) -> tuple[int, int]:
        """(start, end) of the dotted name inside `run` (Chinese characters around a
        dot, found at `offset`): the left part is the longest tail of 2–5 characters
        that a dictionary word ends right before (学生|热依拉), else the whole run up
        to 5; the right part the shortest head of 2–5 characters that a word, a
        particle or the run's end follows (托合提|参加)."""
        found_dot = _DOT_IN_RUN.search(run)
        dot = found_dot.start() if found_dot else len(run)
        left, right = run[:dot], run[dot + 1 :]
        is_word = self._tagger.lexicon.is_word
        code = self._tagger.lexicon.code
        cut = min(5, len(left))
        for k in range(min(5, len(left) - 2), 1, -1):
            prefix = left[:-k]
            if prefix.endswith(("叫", "称")) and left[-k] in "作做":
                continue  # 叫作|阿依努尔: 叫作 is one cue word, the name starts after it
            if prefix[-1] in _BEFORE_NAME or any(is_word(prefix[-n:]) for n in (2, 3, 4) if len(prefix) >= n):
                cut = k
                break
        def ends_here(k: int) -> bool:
            rest = right[k:]
            return not rest or rest[0] in _AFTER_NAME or any(is_word(rest[:n]) for n in (2, 3, 4) if len(rest) >= n)

        keep = min(5, len(right))
        for k in range(2, min(5, len(right)) + 1):
            if ends_here(k):
                keep = k
                # A transliteration character that opens a rarer word than the word
                # right after it (买买|提提交: 提提 against 提交) belongs to the name.
                if k < min(5, len(right)) and len(right) >= k + 3 and right[k] not in _AFTER_NAME \
                        and right[k] not in _FUNCTION_FIRST and self._tagger.lexicon.translit_bin[ord(right[k])] \
                        and code(right[k + 1 : k + 3]) // 8 in _WORDISH \
                        and code(right[k + 1 : k + 3]) % 8 > code(right[k : k + 2]) % 8:
                    keep = k + 1
                break
        return offset + dot - cut, offset + dot + 1 + keep

    def _allow_listed(self, norm: str, start: int, end: int, allow_starts: bytes) -> bool:
        """An allow-listed name overlaps the span: it starts inside it (和|杜甫), or
        starts just before and reaches into it; but not one that is a shorter head
        of the span (郭嘉|禾, 孙子|默: the tagger chose the longer name, a pupil's)."""
        if not self._res.allowed_overlaps(norm, start, end, _ALLOW_REACH, allow_starts):
            return False
        length = self._res.allowed_length_at(norm, start) if allow_starts[start : start + 1] == b"\x01" else 0
        if not length or start + length >= end:
            return True
        return self._res.allowed_overlaps(norm, start + 1, end, _ALLOW_REACH - 1, allow_starts[: start + 1].replace(
            b"\x01", b"\x00") + allow_starts[start + 1 :])


# School grades written short (高一 … 高三, 初一 … 初三): 高 and 初 are surnames, but a
# grade is no name, nor the start of one when a class or term follows (高二理科2班,
# 初三(6)班, 高一上学期); 高一然 with a given name after the grade still is a name.
_GRADES = frozenset(a + b for a in "高初" for b in "一二三")
_AFTER_GRADE = frozenset("(0123456789一二三四五六七八九十班理文实重普国年级上下学期段组部生")
# Kinship compounds (two relatives named together, or a relative by generation):
# 母女, 父子, 孙女 … start with a surname character (母, 孙, 叔 …) but name nobody.
_KIN_PAIRS = frozenset((
    "母女 母子 父子 父女 兄妹 兄弟 姐弟 姐妹 夫妻 夫妇 婆媳 翁婿 祖孙 叔侄 伯侄 姑侄 姨甥 舅甥 姑嫂 叔嫂 妯娌 "
    "孙女 孙子 孙辈 外孙 侄子 侄女 婆孙 爷孙 奶孙 师徒 娘俩 爷俩 母亲 父亲 叔叔 伯伯 姑姑 舅舅"
).split())


# Words that say which or how many pupils (全班同学, 其他同学, 优秀同学): no name, even before 同学.
_GROUP_WORDS = frozenset(
    "全班 全体 全校 全组 本班 同班 各位 所有 其他 其它 其余 部分 多数 少数 个别 优秀 小组 每位 这些 那些 几位 两位 "
    "男生 女生 新来 转来 以上 以下 上述 下列 相关 有关 广大 亲爱".split()
)
# A number or a demonstrative and a measure word for things right before a span: 一篇范文,
# 这首长诗, 两本书 count things, not people (a person takes 个, 位 or 名).
_THING_MEASURE = re.compile(r"[一二两三四五六七八九十几这那每某哪][篇首份本道张幅段句条部册页则套件门项]$")
# The 24 solar terms and a few calendar words: 白露, 谷雨, 夏至 are dates; as a name each needs a cue.
_CALENDAR_WORDS = frozenset(
    "立春 雨水 惊蛰 春分 清明 谷雨 立夏 小满 芒种 夏至 小暑 大暑 立秋 处暑 白露 秋分 寒露 霜降 立冬 小雪 大雪 冬至 小寒 大寒 "
    "元旦 除夕 端午 中秋 重阳 七夕 元宵".split()
)


def _grade_or_kin(norm: str, a: int, b: int) -> bool:
    """norm[a:b] is, or starts with, a short grade (高二, 高二理|科2班) or a kinship
    compound (母女, 孙女|为) rather than a name: the word is the whole span, or a class
    word (for a grade) or a function character (for kin) follows it inside the span."""
    head = norm[a : a + 2]
    if head in _GRADES:
        return b - a == 2 or norm[a + 2 : a + 3] in _AFTER_GRADE
    if head in _KIN_PAIRS:
        return b - a == 2 or norm[a + 2 : a + 3] in _FUNCTION_FIRST
    return False


#: How far above the threshold a lone span that is a dictionary entry tagged a name must score.
_NAME_ENTRY_MARGIN = 2.0


def _weak_reading(norm: str, a: int, b: int, logit: float, threshold: float, code: Callable[[str], int],
                  alone: bool) -> bool:
    """norm[a:b] needs a cue to be a name (round seven), because it reads as something else:

    - it came in under a margin (its logit is at the threshold, not above: a name nearby, a
      list, a cue) and its first two characters are an ordinary word (医院的|单子|拍给您:
      单子), three characters long;
    - it is the only name the text would report and it is a dictionary entry itself, of any
      kind but a place (申请书, 金龟子, 安培力, 冷锋: entries jieba tags as names are mostly nouns
      and public figures), so nothing in the text says it is about a person; except an entry
      tagged a name that scores `_NAME_ENTRY_MARGIN` above the threshold.
    `code` is `Lexicon.code`."""
    if logit <= threshold and b - a == 3:
        head = code(norm[a : a + 2])
        if head // 8 in WORD_KINDS and head % 8 >= 2:
            return True
    if not alone:
        return False
    entry = code(norm[a:b])
    if entry == 0 or entry // 8 == LEX_PLACE:
        return False
    # An entry tagged a name (吴国华, 司增勤: jieba holds many full names) that scores well
    # above the threshold is left to the tagger.
    return entry // 8 != LEX_NAME or logit < threshold + _NAME_ENTRY_MARGIN


# Surnames that are also common verbs, and the modal verbs before which they are the verb.
_VERB_SURNAMES = frozenset("查管解盖")
_MODALS = frozenset("要去先再来想需得")
# What the word before a surname and a title may be (谢谢 is tagged a name in jieba's dictionary).
_HEAD_KINDS = WORD_KINDS | {LEX_NAME}


# Characters that end no given name: sentence-final particles and the in-law morphemes.
_NEVER_LAST = frozenset("啦吧呢吗嘛呀哦呗咯喽嘞哈媳婿")


def _misread_shape(norm: str, a: int, b: int, code: Callable[[str], int]) -> bool:
    """norm[a:b] has the shape of a misreading, not of a name (round seven):

    - a reduplicated verb (查一查, 看一看) or the span starting at its second half
      (查一|查金龟子): a verb, then 一 and the same verb; or a surname that is also a common
      verb (查, 管, 解, 盖) right after a modal verb (要|查X的资料), unless a pupil or parent
      word follows (要查X同学…);
    - the span cuts a title in two (魏书|记, 陈老|师): its last character and the next
      one are a title (`_TITLES`);
    - the span ends with a sentence-final particle (谢啦 in a chat line) or an in-law
      morpheme (孙媳, 女婿): `_NEVER_LAST` (fifth session);
    - the span is a frequent ordinary word (jieba count 1,000 or more) before a colon: a
      form's key (与本人关系：父子), not a name;
    - the span ends at a surname that a title follows, and a frequent word (jieba count
      1,000 or more, an ordinary word or one tagged a name, not a place or a
      compound surname) ends right before that surname, starting in the span or one
      character before it (辛苦薛|医生, 谢谢姚|教练, 感|谢孟|医生): the surname and the title are one
      phrase, the word another. A full name before a title (张晓文老师) keeps its span: 张晓 is
      no such word. `code` is `Lexicon.code`."""
    if (norm[a + 1 : a + 2] == "一" and norm[a + 2 : a + 3] == norm[a]) \
            or (a >= 2 and norm[a - 1] == "一" and norm[a - 2] == norm[a]):
        return True
    if a >= 1 and norm[a] in _VERB_SURNAMES and norm[a - 1] in _MODALS and not norm.startswith(_RIGHT_ROLE, b):
        return True  # 要|查X的资料: a surname that is a verb, after a modal verb, is the verb
    if norm[b - 1 : b + 1] in _TITLES:
        return True
    if norm[b - 1] in _NEVER_LAST:
        return True  # 谢|啦, 孙|媳: a sentence-final particle or an in-law word ends no name
    whole = code(norm[a:b])
    if b < len(norm) and norm[b] in ":：" and whole // 8 in WORD_KINDS and whole % 8 >= 3:
        return True  # a frequent word before a colon is a form's key (关系：父子), not a name
    if b - a >= 2 and b >= 3 and norm[b - 1] in SINGLE_SURNAMES and norm[b : b + 2] in _TITLES:
        head = code(norm[b - 3 : b - 1])
        return head % 8 >= 3 and head // 8 in _HEAD_KINDS
    return False


_MEMBER_SEPS = frozenset("、,，;；/|\t\n")


def _whole_member(norm: str, a: int, b: int) -> bool:
    """norm[a:b] stands alone between list separators (or the text's ends; spaces around allowed)."""
    before = norm[:a].rstrip(" ")
    after = norm[b:].lstrip(" ")
    return (not before or before[-1] in _MEMBER_SEPS or before[-1] in ":：") and (not after or after[0] in _MEMBER_SEPS)


def _neighbour_members(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of the list members right before and after norm[a:b], each the text
    between two separators with spaces trimmed; only those of 2–4 characters. Reads a window
    of `_MEMBER_WINDOW` characters on each side (a member with more spaces than that around it
    is not looked for), so a long one-line table costs the same per candidate as a short one."""
    out: list[tuple[int, int]] = []
    left_end = a - 1
    while left_end >= 0 and norm[left_end] == " ":
        left_end -= 1
    if left_end > 0 and norm[left_end] in _MEMBER_SEPS and norm[left_end] != "\n":
        end = left_end
        while end > 0 and norm[end - 1] == " ":
            end -= 1
        lo = max(0, end - _MEMBER_WINDOW)
        seps = max((norm.rfind(c, lo, end) for c in _MEMBER_SEPS | {":", "："}), default=-1)
        if seps >= 0 or lo == 0:
            start = seps + 1
            while start < end and norm[start] == " ":
                start += 1
            if 2 <= end - start <= 4:
                out.append((start, end))
    right_start = b
    while right_start < len(norm) and norm[right_start] == " ":
        right_start += 1
    if right_start < len(norm) and norm[right_start] in _MEMBER_SEPS and norm[right_start] != "\n":
        start = right_start + 1
        while start < len(norm) and norm[start] == " ":
            start += 1
        hi = min(len(norm), start + _MEMBER_WINDOW)
        ends = [i for i in (norm.find(c, start, hi) for c in _MEMBER_SEPS | {"。"}) if i >= 0]
        if ends or hi == len(norm):
            end = min(ends, default=len(norm))
            while end > start and norm[end - 1] == " ":
                end -= 1
            if 2 <= end - start <= 4:
                out.append((start, end))
    return out


#: How far `_neighbour_members` reads on each side of a candidate.
_MEMBER_WINDOW = 64


def _company_names(norm: str, found: list[tuple[int, int, float]], is_word: Callable[[str], bool],
                   name_char: Callable[[str], bool] = lambda _ch: False) -> set[str]:
    """Found strings that somewhere in this text begin an organisation's name: the
    text uses them as a company (马钢(集团)控股有限公司 … 马钢总公司) or a shop
    (张伟五金店, 李娜口腔诊所), not a person. A person word between the name and the
    organisation word (王小明同学获得区科技创新奖) says it is a person all the same.
    A two-character name whose next character reads as a given name's (`name_char`) and
    then a shop is the shop's three-character name cut short (罗熹|皎母婴店)."""
    out: set[str] = set()
    has_org = _ORG_WORD.search(norm) is not None
    for name in {norm[s:e] for s, e, _ in found}:
        pos = norm.find(name)
        while pos >= 0:
            end = pos + len(name)
            m = _ORG_AFTER.match(norm, end) if has_org else None
            if (m and not _PERSON_WORD.search(m.group())) or _shop_after(norm, end, is_word) \
                    or norm.startswith(_SHOP_WORDS, end - 1) \
                    or (len(name) == 2 and name_char(norm[end : end + 1]) and _shop_after(norm, end + 1, is_word)):
                # 张伟超|市: the name ate the shop word's head; 罗熹|皎母婴店: it left a character out
                out.add(name)
                break
            pos = norm.find(name, pos + 1)
    return out


def _shop_after(norm: str, end: int, is_word: Callable[[str], bool]) -> bool:
    """An establishment is named right after `end`: an establishment word (超市, 诊所),
    or one or two dictionary words of trade (五金, 水产批发, 口腔) and then such a word
    or a shop character (店, 厂, 部 …) that starts no longer word (部分, 店里), with
    no function character between (张伟在超市 stays a person)."""
    run = _SHOP_RUN.match(norm, end)
    if run is None:
        return False
    text = run.group()
    for i in (0, 2, 4):
        if i and (not is_word(text[i - 2 : i]) or _PERSON_WORD.fullmatch(text[i - 2 : i])):
            return False
        if text.startswith(_SHOP_WORDS, i):
            return True
        # The shop character starts no longer word (部分, 店里), or the trade word and it are
        # one dictionary word themselves (养殖场|上夜班, 眼镜店|里: round seven).
        if i and text[i : i + 1] in _SHOP_CHARS and (not is_word(text[i : i + 2]) or is_word(text[i - 2 : i + 1])):
            return True
    return False


def _dedupe(spans: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Roster names first, then longer spans; drop anything overlapping what is kept."""
    kept: list[tuple[int, int, float, str]] = []
    # Characters covered by a kept span: a span overlaps one exactly when it covers a marked character.
    taken = bytearray(max((e for _s, e, _sc, _src in spans), default=0))
    for span in sorted(spans, key=lambda x: (x[3] != "roster", -(x[1] - x[0]))):
        start, end = span[0], span[1]
        if 1 not in taken[start:end] if start < end else all(end <= k[0] or start >= k[1] for k in kept):
            kept.append(span)
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)
