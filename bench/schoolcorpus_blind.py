"""The blind split's vocabulary for `bench.schoolcorpus` (split ``blind``).

Written after the sealed split's errors had been read (which made `sealed` a development
set), by someone who ran no detector on it: its given names, character pools, name-words,
minority and English names, compound surnames, classes, schools, role words, separators,
company suffixes, hard negatives and template wordings are new, disjoint from the train,
tune, test and sealed lists (tests/bench/test_schoolcorpus_blind.py checks it). Only the
single-character surnames are shared, as in any real school. The situations and the share
of hard negatives follow the test split. Nothing here is real data.

Every compound surname common in China (欧阳, 上官, 司马, 诸葛, 皇甫, 令狐 ...) is already
in another split, so the blind split's are real but rare ones, drawn at a quarter of the
other splits' rate (`COMPOUND_RATE_B`), which is still far above their rate in a school.
"""

from __future__ import annotations

__all__ = [
    "BLIND_SEED", "COMPOUND_B", "COMPOUND_RATE_B", "GIVEN2_B", "GIVEN1_B", "POOL_B", "NAME_CHARS_B",
    "WORDNAMES_B", "MINORITY_B", "ENGLISH_B", "NEG_B", "TEMPLATES_B", "CUES_B", "SEPS_B", "TAILS_B",
    "CLASSES_B", "SCHOOLS_B", "ORG_SUFFIXES_B", "WORD_FREQ_B",
]

# Drawn at random (secrets.randbelow), not derived from the other seeds.
BLIND_SEED = 749902

# Real compound surnames not used by any other split (Jurchen 完颜, Manchu 纳兰 ...).
COMPOUND_B = ("完颜", "纳兰", "贺兰", "仲孙", "叔孙", "公羊", "梁丘", "巫马", "司寇", "亓官")
COMPOUND_RATE_B = 0.01

# Curated two-character given names as registered in the 2010s, and a few of the parents'
# and grandparents' generation (监护人, 外公).
GIVEN2_B = (
    "沐宸 芷若 知韫 之遥 谨言 若初 书语 承泽 景然 星辰 亦辰 梓沫 伊诺 沐希 一宁 子衿 宛如 初夏 悦溪 嘉言 "
    "俊驰 明朗 楚瑜 芊羽 歆瑶 安琪 晨希 昕怡 奕歆 书恒 君浩 宇恒 思辰 晨煦 瑞霖 景瑜 婉清 逸飞 "
    "春生 秀芝 德明 桂珍 振兴 丽萍 建平 玉兰 德胜 兰英 凤霞 国强"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_B = tuple("岳巍驰勤涓钊霄纯洛澍")
# Two pools for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_B = "珩澈珞瑭骐骥铠恺怿沣泓祺"
NAME_CHARS_B = "骁柠琬蕴翎骞晞芃朵沁璨樱筱焱熠昶桉枫柯桓芯苓舜嵩崧洵淇涟潼霏霓霁芙珈珮琇瑀玫珏祎禧祯穗筠箐粲纾缇薏恬悠渊"

# Names that are also ordinary words, as parents really give them (高歌, 林森, 田甜).
WORDNAMES_B = "高歌 林森 田甜 钱进 常胜 夏至 江月 严明 成功 向荣 金城 华山 雷霆 洪亮 唐诗 宋词 舒畅 易水 马兰 石岩".split()

# Uyghur and Kazakh names mostly with the middle dot of official forms (·), some with the
# bullet or katakana dot that phone keyboards give (•, ・), a few typed without a dot;
# Tibetan, Mongolian, Yi and Dai names (undotted); Hui and Zhuang pupils with Han-style
# names and their communities' typical surnames (纳, 撒; 覃, 农). No part of any is used by
# another split.
MINORITY_B = (
    "帕尔哈提·阿不都克力木", "热娜古丽·萨迪克", "穆合塔尔·吾布力", "阿曼古丽·托乎提", "艾沙江·玉素甫",
    "布阿依谢姆·吐拉克", "麦尔丹·阿力甫", "阿斯哈尔·加马力", "达吾列提·木哈买提", "古丽巴哈尔•吐尔森别克",
    "哈孜别克•阿曼", "阿力米拉・沙比提", "依力亚尔吐尔地", "米娜瓦尔阿不来提",
    "格桑梅朵", "旦增尼玛", "仁青措姆", "边巴扎西", "图门巴雅尔", "孟和", "萨仁图雅", "敖登格日乐",
    "曲比阿果", "沙马阿支", "阿约日沙", "岩温", "玉香", "纳绍全", "撒玉洁", "覃佩蓉", "农秀梅",
)
ENGLISH_B = ("Alice", "Peter", "Linda", "Frank", "Irene", "Max", "Nina", "Sam", "Tina", "Victor", "Wendy", "Kelly")

# Hard negatives: a title after a surname, and words that start with a surname character
# or name someone famous or fictional, none of them a private person's name.
NEG_B = {
    "title": "郑老师 徐阿姨 朱师傅 胡主任 林叔叔 高校长 马医生 谭大夫 于老板 程经理 姚教练 卢园长 魏书记 "
             "钟护士 沈科长 陆警官 石教授 姜会计 崔馆长".split(),
    "brand": "王守义十三香 徐福记 钱大妈 方太 苏泊尔 全聚德 胡庆余堂 孔府家酒 冷酸灵 金锣 雷士照明 鸿星尔克".split(),
    "animal": "金蝉 海狮 海星 海葵 白犀牛 黄金蟒 马鹿 金环蛇 黄羊 白天鹅 石鸡 田鼠".split(),
    "science": "石灰水 白噪声 金属光泽 海陆风 黄赤交角 白光 温差 高原反应 雷暴 石笋 钱塘潮 毕昇活字".split(),
    "dish": "胡辣汤 钟水饺 龙抄手 赖汤圆 姜母鸭 罗汉斋 毛氏红烧肉 李连贵熏肉大饼 韩式拌饭 白糖糕 金银馒头".split(),
    "film": "姜子牙 夏洛特烦恼 西虹市首富 你好，李焕英 海底总动员 雄狮少年 小兵张嘎 闪闪的红星 哪吒闹海 马达加斯加".split(),
    "foreign": "爱因斯坦 伽利略 莎士比亚 梵高 马克·吐温 海伦·凯勒 霍金 星巴克 乐高 哆啦A梦 海绵宝宝".split(),
    "place": "周口店 包公祠 鲁迅故居 岳王庙 武夷山 郑州 金陵 丽江古城 秦始皇陵 牛首山 马尾 常州".split(),
    "fiction": "小红 小刚 范进 祥子 牛郎 织女 愚公 刘备 关羽 雨来 黄蓉 杨过 郭靖".split(),
}

# Templates: {n} a person's name (gold), {c} class, {s} school, {x} hard negative,
# {t} a title with a surname, {e} an English name (gold), {w} an ordinary word that starts
# with a surname character, {o} a company named like a person. The test split's situations,
# worded as teachers, parents and pupils type them in chats, forms and prompts.
TEMPLATES_B: dict[str, list[str]] = {
    "comment": [
        "帮我写个期末评语，{n}，男生，挺聪明的就是不爱写作业，字也潦草，语气委婉点",
        "{n}：老师发现你这学期变化很大，上课能坐得住了，继续加油哦～",
        "{c}学生评语草稿\n{n}：文静懂事，作业工整，希望多举手发言。\n{n}：活泼好动，爱帮助同学。",
        "操行评定：{n}，良。课间追逐打闹被{t}批评两次。",
        "{n}这次月考退步了二十多名，我该怎么跟家长写这个评语比较好？",
        "优点：{n}做事踏实，是老师的好帮手；不足：遇到难题容易放弃。",
    ],
    "leave": [
        "{t}您好，{n}今天早上起来有点发烧，我带去诊所看看，先请一天假，作业麻烦让同学帮忙带一下，谢谢老师！",
        "老师打扰了，我是{n}的妈妈，孩子奶奶住院了，周五想请个假回老家。",
        "请假条\n姓名：{n}   班级：{c}\n请假时间：11月3日上午\n原因：打疫苗\n家长签字：{n}",
        "{n}爸爸：老师，孩子下午三点要去医院复查眼睛，我两点半到门口接一下。",
        "老师，{n}腿摔伤了这周上不了体育课，医院证明我明天让他带过来",
    ],
    "notice": [
        "各位家长：请以下同学明天带齐体检表：{n}、{n}、{n}，没带的下午补交。",
        "@{n}家长 孩子的校服尺码还没报，今晚之前接龙一下哈",
        "【{s}】关于{c}{n}同学获得区科技创新大赛一等奖的喜报",
        "接龙：元旦联欢会志愿者\n1. {n}妈妈 布置教室\n2. {n}爸爸 拍照\n3. {n}外婆",
        "今天放学路队：{n}负责举牌，{n}站最后。收到请回复。",
        "{n}家长，孩子的作业本落在教室了，明天记得带。",
    ],
    "table": [
        "学号\t姓名\t语文\t数学\t英语\n05\t{n}\t91\t88\t96\n06\t{n}\t84\t93\t79",
        "{c}第二次月考成绩\n{n} 612分 班级第3\n{n} 598分 班级第7",
        "序号 姓名 跳绳(个/分) 等级\n1 {n} 162 优秀\n2 {n} 138 良好\n3 {n} 97 及格",
        "姓名,身高(cm),体重(kg),视力\n{n},142,36,5.0\n{n},139,41,4.8",
    ],
    "group": [
        "秋游分组\n第1组（组长{n}）：{n}、{n}、{n}\n第2组（组长{n}）：{n}、{n}",
        "实验课搭档：{n}—{n}，{n}—{n}",
        "黑板报小组：{n}画画，{n}写字，{n}排版",
        "英语配音小组 Team A：{e}、{n}、{n}",
    ],
    "homevisit": [
        "家访记录表\n学生：{n}（{c}）\n家长：{n}（父亲）\n情况：孩子平时由爷爷奶奶带，父母在外地。",
        "今天去{n}家，房子是租的，一家五口挤在两间屋里，孩子妈妈在菜市场卖菜，父亲{n}在工地。",
        "家访后感：{n}在家很懂事，会帮忙做饭，外婆一直夸他，{n}爸爸说下学期想把孩子接到身边。",
    ],
    "aid": [
        "助学金申请书\n我叫{n}，是{s}{c}的学生，爸爸去年生病后不能干重活，家里主要靠妈妈打零工……",
        "学生资助信息采集\n学生姓名：{n}\n监护人姓名：{n}\n与学生关系：祖孙\n家庭年收入：12000元",
        "经班级评议，推荐{n}、{n}为本学期家庭经济困难学生。",
        "持卡人：{n}（学生母亲）",
    ],
    "intro": [
        "大家好，我叫{n}，今年九岁，我最喜欢的科目是科学，我家养了一只小狗。",
        "自我介绍：我是{n}，来自{c}，平时喜欢下围棋，希望在新学期交到更多朋友。",
        "Hi, I'm {e}, my Chinese name is {n}. I like reading and swimming.",
        "我的好朋友是{n}，她个子小小的，可是跑步特别快。",
    ],
    "mixed": [
        "{t}, {n} has a fever today, 请假一天 thx",
        "Reading club this week: {e}, {n}. 请准时到图书馆。",
        "{n}（{e}）的 English speech 写好了，帮忙看一下语法？",
        "Pair work: {n} & {e}",
    ],
    "cue": [
        "本周值日班长：{n}",
        "{c}数学课代表{n}",
        "代收作业：{n}",
        "第一排靠窗是{n}",
        "失物招领：{n}的水杯",
        "送孩子的是{n}（爷爷）",
        "联系人：{n} 电话见群公告",
        "主讲同学{n}",
    ],
    "negative": [
        "{t}上课提到了{x}，帮我写三个适合小学生讨论的问题。",
        "给一年级小朋友讲一个关于{x}的小故事，300字以内。",
        "{t}让大家先查查{x}的资料，明天课上分享，怎么查比较快？",
        "{x}跟{x}，哪个更适合写进作文里？",
        "谢谢{t}！孩子回家说今天特别开心。",
        "以{x}为主题设计一节班会课。",
    ],
    "org": [
        "{n}爸爸开了一家{o}，这次班级活动的横幅是他们赞助的。",
        "{o}和{o}给我们学校送来了一批课桌椅。",
        "家长单位：{o}（个体）",
        "研学基地由{o}负责接待。",
        "孩子爸爸在{o}上班，平时接孩子不方便，麻烦老师多费心。",
    ],
    "health": [
        "{c}{n}对花生过敏，食堂打饭时请注意。",
        "{n}眼睛近视600度了，家长{n}说下周带去配眼镜。",
        "校医室登记：{n}，鼻子出血，已处理，通知家长。",
        "{n}确诊了支原体肺炎，在家隔离一周，复课需要医院证明。",
    ],
    "family": [
        "{n}父母长期在广东打工，跟着奶奶{n}生活，是留守儿童。",
        "{n}的妈妈{n}去年改嫁了，孩子情绪一直不太稳定。",
        "{n}家里三个孩子，爸爸残疾，靠低保生活。",
    ],
    "words": [
        "把这些词按音序排列：{w}、{w}、{w}、{w}",
        "{w}这个词用在这里合适吗？",
        "听写词语：{w} {w} {w}",
        "仿照例子写词语：{w}——",
        "“{w}”是什么结构的词？",
        "{w}；{w}；{w}",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_B = tuple((
    "班委 团支书 数学课代表 英语课代表 值周班长 路队长 小组成员 值日组长 护导老师 陪读家长 外孙 孙子 儿媳 "
    "女婿 后妈 亲属 助教 社工 网格员 村医 申报人 填表人 审核人 报名学生 参赛选手 借书人 失主 当事人 "
    "对方家长 转出学生 体育特长生 升旗班 朗诵者 小记者 讲解员"
).split())
SEPS_B = ("", "：", "-", "——", "为：", "： ", "\t", "/")
TAILS_B = ("", "，麻烦老师了", "，已核实", "（签字）", "已到校", "，谢谢！", "在办公室等您", "作业没交", "今天值日", "？")
CLASSES_B = ("二年级(1)班", "三(2)班", "四年级六班", "五年级(7)班", "初二9班", "八年级(11)班", "高三文科1班", "高一(3)班")
SCHOOLS_B = ("城南小学", "第三十二中学", "红旗小学", "阳光实验学校", "县第二高级中学", "镇中心小学", "育英学校")
ORG_SUFFIXES_B = ("超市", "汽修厂", "水产批发部", "驾校", "口腔诊所", "印刷厂", "五金店", "餐饮管理有限公司")
# jieba frequencies of the ordinary words that start with a surname character: below the
# sealed split's band (100–299), so no word is shared.
WORD_FREQ_B = (50, 100)
