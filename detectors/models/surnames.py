"""Chinese surnames: single-character (《百家姓》 and the common modern list) and compound.

Very frequent function characters that are also rare surnames (和, 于 in
running text …) stay in the list; the name model's likelihood ratio and the
context decide, not this table.
"""

from __future__ import annotations

__all__ = ["SINGLE_SURNAMES", "COMPOUND_SURNAMES", "FREQUENT_SURNAMES", "TITLES"]

# The 95 most frequent surnames today, most frequent first (the head of the list below).
_MOST_FREQUENT = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
)
#: Surnames frequent enough that 小 or 老 before one is a way of calling someone (小王, 老李).
FREQUENT_SURNAMES: frozenset[str] = frozenset(_MOST_FREQUENT)

SINGLE_SURNAMES: frozenset[str] = frozenset(
    _MOST_FREQUENT +
    (
        "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
        "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
        "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
        "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻"
        "位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦"
        "戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但"
        "尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由傅阎寻蔚钮龙滑牛訾濮贲"
    )
)

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
        "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "万俟", "澹台",
        "公冶", "太叔", "申屠", "钟离", "宗政", "濮阳", "淳于", "单于", "公羊", "赫连", "拓跋", "第五",
        "司空", "亓官", "司寇", "仉督", "子车", "颛孙", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良",
        "谷梁", "宰父", "梁丘", "左丘", "东郭", "南门", "羊舌", "微生", "梁丘", "哥舒", "范姜", "张简",
        # Round four: the rest of 《百家姓》's compound surnames (a closed class) and the
        # northern ones still borne today.
        "鲜于", "闾丘", "仲孙", "夹谷", "段干", "归海", "东门", "伯赏", "完颜", "耶律", "贺兰",
        # Round nine: the rest of the class, as the genealogies list it (《通志·氏族略》's
        # compound surnames of the Zhou states, 《魏书·官氏志》's of the Northern dynasties),
        # and the double-barrelled and Manchu surnames registered today. Left out: pairs that
        # are also an ordinary word or place in the dictionary (若干, 太史, 东宫, 商丘, 第二 …)
        # or that running text writes across a word boundary (是云, 可频, 出连, 素和), and
        # the first two characters of a longer surname (侯莫|陈, 阿史|那).
        "公输", "公叔", "公伯", "公仪", "公乘", "公户", "公玉", "公上", "公晳", "公肩", "公坚", "公索", "公荆",
        "公旗", "公孟", "公父", "公仲", "公析", "公宾", "公夏", "公罔", "公山", "东野", "东里", "西郭", "南郭",
        "南荣", "北宫", "北郭", "北唐", "青阳", "叔孙", "季孙", "孟孙", "子桑", "子服", "子叔", "左人", "少正",
        "少施", "司城", "司功", "胡母", "胡毋", "毋丘", "母丘", "浮丘", "虞丘", "吾丘", "钟吾", "柏侯", "士孙",
        "宗伯", "主父", "成公", "相里", "长鱼", "王官", "宗正", "叔梁", "乐羊", "庚桑", "桑丘", "容成",
        "乞伏", "沮渠", "斛律", "斛斯", "贺拔", "贺楼", "贺若", "贺赖", "叱干", "叱利", "叱罗", "叱列", "叱吕",
        "叱奴", "叱卢", "尔朱", "达奚", "库狄", "纥干", "纥奚", "乙弗", "乙旃", "吐奚", "屋引", "綦连", "拔拔",
        "达勃", "费连", "阿跌", "仆固", "契苾", "执失", "莫折", "莫舆", "宿勤", "宥连", "丘林", "须卜", "俟奴",
        "乌丸", "仆兰", "拔列", "贺葛", "豆卢", "慕舆", "屈突", "仆骨", "沙吒",
        "纳兰", "富察", "佟佳", "张廖", "刘付",
    }
)

# A surname and a title (孙老师, 唐大夫, 汪阿姨) names nobody in particular, whatever the cue
# or the column it stands in (the person detector and the table reader both ask).
TITLES: frozenset[str] = frozenset((
    "老师", "师傅", "阿姨", "叔叔", "伯伯", "校长", "主任", "医生", "大夫", "老板", "经理", "同学", "先生", "女士",
    "教练", "总监", "书记", "局长", "院长", "处长", "科长", "班长", "组长", "队长", "部长", "厂长", "所长",
    # Round four: the rest of the two-character titles a surname takes (蔡园长, 叶护士).
    "园长", "护士", "馆长", "店长", "站长", "行长", "社长", "律师", "教授", "会计", "保安", "护工", "司机",
    # Round seven: officials, trades and forms of address by age (江警官, 周记者, 王奶奶, 刘大爷).
    "警官", "法官", "民警", "交警", "医师", "药师", "技师", "导游", "记者", "编辑", "主编", "秘书", "干事", "助理",
    "主管", "总裁", "老总", "董事", "村长", "镇长", "县长", "市长", "乡长", "团长", "教官", "大妈", "大爷", "大叔",
    "大婶", "大伯", "大哥", "大姐", "奶奶", "爷爷", "婆婆", "阿婆", "阿公", "姥姥", "师父", "掌柜",
    # Fifth session: school staff (邵校医, 钱宿管).
    "校医", "宿管", "门卫", "厨师",
))
