"""The summer split's vocabulary for `bench.schoolcorpus` (split ``summer``).

Written on branch r17-splits, after the spring split, by someone who ran no detector or model on
it, saw no score and read none of the detector's lexicons: its given names, character pools,
name-words, minority and English names, compound surnames, classes, schools, role words,
separators, tails, company suffixes, hard negatives and template wordings are new, disjoint from
every split written before (tests/bench/test_schoolcorpus_held_out.py checks it). Only the
single-character surnames are shared, as in any real school, and drawn with the same Zipf-like
weighting. Beside the test split's situations it has six of its own: group chat logs, seating
plans, nicknames (小/阿/老 + one character, kind ``nickname``, and a doubled given character such as
婷婷, kind ``doubled``), award lists, duty timetables and free prose. Nothing here is real data.
"""

from __future__ import annotations

__all__ = [
    "SUMMER_SEED", "COMPOUND_SU", "COMPOUND_RATE_SU", "GIVEN2_SU", "GIVEN1_SU", "POOL_SU", "NAME_CHARS_SU",
    "WORDNAMES_SU", "MINORITY_SU", "ENGLISH_SU", "NEG_SU", "TEMPLATES_SU", "CUES_SU", "SEPS_SU", "TAILS_SU",
    "CLASSES_SU", "SCHOOLS_SU", "ORG_SUFFIXES_SU", "WORD_FREQ_SU", "NICK_PREFIXES_SU", "DOUBLED_SU",
]

# Drawn at random (secrets.randbelow(1_000_000)), not derived from the other seeds.
SUMMER_SEED = 940692

# Compound surnames no other split uses, from the surnames of the Northern dynasties that are
# still registered today (达奚, 乞伏, 斛律) and the older ones (青阳, 公户).
COMPOUND_SU = ("达奚", "乞伏", "斛律", "青阳", "公户")
COMPOUND_RATE_SU = 0.01

# Curated two-character given names: the pupils' generation (born 2012-2020) and the parents'
# (1975-1990) and grandparents' (1940-1960) generations.
GIVEN2_SU = (
    "沐晗 星辞 清越 念安 予希 若棠 屿川 语汀 槿言 乐知 禾苗 泊远 昭宁 砚秋 千寻 星野 以安 沐恩 知微 怡宁 "
    "奕晨 宸熙 稚鱼 书禾 遇安 南星 星河 慕白 梓宸 "
    "彩霞 翠兰 海鹰 向红 小燕 燕妮 卫兵 利民 秀凤 "
    "水生 来福 树林 玉凤 凤兰 德贵 长生 福林 有才 满堂 秋菊 冬生 银花 招娣"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_SU = tuple("珅玹琤暐烜湜沨蕤骎犇")
# A pool for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_SU = "昉晅杺柘楦橦沺泷湲澂"
NAME_CHARS_SU = ("亚亭仪伊伶俏倬儒冰劼励勉叡园坦垣奇娉宣宥寒峙帛弦彩忱恒恩意愉慈懿扬抒捷敦昂昆杭杲枝柚栋桃棋楚榆"
                 "歌殊毓汝汶沧沫泊泰津湄溯漾焯玖珥琎甫皑盈睦瞳矜砺硕秉穆稚竞端籁纶绎绚缘羚聆芝芬荟莞莺葭衍赋迦逢"
                 "邈郁镛霆霭颐飏驿鹂")
# Nicknames: 小 + a surname or given character, 阿 + a given character, 老 + a surname; and a
# doubled given character (婷婷, 乐乐), as families and classmates call small children.
NICK_PREFIXES_SU = ("小", "阿", "老")
DOUBLED_SU = "萌甜朵豆果糖贝圆欢笑暖桃"

# Names that are also ordinary words or phrases, as parents really give them.
WORDNAMES_SU = "冷静 文雅 何畏 江流 夏荷 柳絮 连胜 金晶 宁馨 韩冰 洪波 严冬 梅雪 苗壮 雷声 童真 秦风".split()

# Uyghur and Kazakh names with the middle dot of official forms (·), the bullet or katakana dot
# of phone keyboards (•, ・), or typed without a dot; Tibetan, Mongolian, Dai and Yi names
# (undotted); Zhuang, Hui and Korean pupils with Han-style names and their communities' typical
# surnames (韦, 覃, 农; 纳, 撒; 崔, 金). No part of any is used by another split.
MINORITY_SU = (
    "艾克帕尔·赛买提", "帕孜来提·克里木", "阿尔曼·卡斯木", "苏比努尔·哈斯木", "吾斯曼江·尼亚孜",
    "祖力皮亚·斯拉木", "达尼亚尔·别克苏勒坦", "阿克木·吐尔地", "阿卜力克木•肉扎洪", "古丽扎提•依不拉音",
    "叶尔兰别克・阿吾提", "玛尔江・米吉提", "努尔比亚阿不拉", "艾合坦木热合木江",
    "次仁拉姆", "多吉才让", "扎西拉姆", "丹增曲扎", "群宗",
    "包勒尔", "图雅", "阿拉腾其其格", "满都拉", "哈斯朝鲁",
    "岩香", "玉波", "岩应", "玉光",
    "吉克石布", "沙马伍呷", "俄底惹格",
    "韦秋燕", "覃玉秀", "农春生", "纳春兰", "撒永福", "崔英爱", "金明哲",
)
ENGLISH_SU = ("Aaron", "Bruce", "Dora", "Elsa", "Felix", "Gloria", "Hugo", "Janet", "Molly", "Owen", "Ruby", "Simon")

# Hard negatives: a title after a surname, and words that start with a surname character or
# name someone famous, historical, fictional or a textbook figure, none of them a private
# person's name.
NEG_SU = {
    "title": "戚老师 尤主任 童校长 庞教练 柯医生 翟阿姨 聂叔叔 毛园长 霍书记 阮经理 宫会计 邢师傅 樊护士 苗科长 "
             "岳大夫 靳奶奶 汤爷爷 詹馆长 滕校医 艾站长".split(),
    "brand": "田老师红烧肉 李先生牛肉面 吴裕泰 马记永 陈香贵 谭鸭血 老乡鸡 杨铭宇黄焖鸡米饭".split(),
    "animal": "金腰燕 黄喉貂 白眉长臂猿 蓝喉歌鸲 黄嘴白鹭 金线鲃 白唇鹿 白鹇".split(),
    "science": "韦达定理 杨辉三角 秦九韶算法 祖暅原理 贾宪三角 罗尔定理 戴维南定理 阿伏伽德罗定律 卡文迪许扭秤实验".split(),
    "dish": "文昌鸡 潘鱼 东安子鸡 钱江肉丝 萧山萝卜干 孔府一品锅 常州大麻糕 黄山烧饼".split(),
    "film": "李双双 张思德 焦裕禄 钱学森 孔繁森 秋菊打官司 马路天使 城南旧事 白蛇传说".split(),
    "foreign": "马克思 泰戈尔 莫奈 毕达哥拉斯 欧几里得 哥白尼 门捷列夫 伏尔泰".split(),
    "place": "周至 汤阴 萧县 江阴 石狮 武功 乐清 温岭 宜兴 章丘".split(),
    "fiction": "于勒 华老栓 夏瑜 陈太丘 王冕 周处 吕蒙 鲁肃 王戎 杨氏之子 宋定伯".split(),
}

# Templates: {n} a person's name (gold), {k} a nickname (gold), {e} an English name (gold),
# {c} class, {s} school, {x} hard negative, {t} a title with a surname, {w} an ordinary word
# that starts with a surname character, {o} a company named like a person. The test split's
# situations plus chat, seating, nickname, award, duty and prose, as teachers, parents and
# pupils type them.
TEMPLATES_SU: dict[str, list[str]] = {
    "comment": [
        "期末评语草稿：{n}，你像一株向日葵，总把笑容带给身边的人，下学期字再写工整些就更好了。",
        "帮我把这句评语改得温柔一点：{n}上课小动作多，作业经常拖到最后一天。",
        "{c}成长手册教师寄语——{n}：做事认真，愿你多举手，你的想法很珍贵。",
        "综合素质评价：{n} 品德A 学业B+ 体艺A，{t}备注：劳动课表现突出。",
        "给三个孩子各写一句鼓励的话：{n}（爱哭）、{n}（跑得快）、{n}（刚学会跳绳）",
    ],
    "leave": [
        "{t}早上好，{n}昨晚开始拉肚子，今天在家休息一天，作业我让他下午补。",
        "老师打扰了，我是{n}的姥姥，孩子下周二要去省城复查眼睛，请一天假。",
        "请假申请\n学生：{n}\n班级：{c}\n事由：参加表姐婚礼\n时间：周五全天\n家长签字：{n}",
        "{n}今天牙疼得厉害，上午请假去口腔医院，中午我送他回学校。",
        "老师，{n}奶奶过世了，孩子要回老家三天，落下的课麻烦您费心。",
    ],
    "notice": [
        "【温馨提示】{n}、{n}同学的体检表还没交，请家长明天放学前交到班主任处。",
        "喜报：{s}{c}{n}同学荣获市青少年科技创新大赛二等奖！",
        "@全体家长 本周五亲子运动会，接力赛家长代表：{n}爸爸、{n}妈妈，请提前十分钟到场。",
        "校园广播稿：表扬{n}同学拾金不昧，将捡到的钱包交到了政教处。",
        "图书馆通知：{n}借阅的《草房子》已逾期两周，请尽快归还。",
    ],
    "table": [
        "序号 姓名 身高(cm) 体重(kg)\n1 {n} 142 35\n2 {n} 138 31\n3 {n} 150 42",
        "{c}作业提交情况\n{n} ✔\n{n} ✘\n{n} ✔",
        "姓名\t朗读\t背诵\t书写\n{n}\t优\t良\t优\n{n}\t良\t良\t中",
        "排名,姓名,积分\n1,{n},128\n2,{n},117\n3,{e},109",
    ],
    "group": [
        "科学实验分组：A组 {n}、{n}、{n}；B组 {n}、{e}、{n}",
        "春游拼车名单：第一车 {n}家、{n}家；第二车 {n}家",
        "合唱团声部：高声部{n}、{n}，低声部{n}",
        "Reading circle: {e}, {n} and {n}",
    ],
    "homevisit": [
        "家访手记\n学生：{n}\n家里只有外婆{n}在，父母都在外省打工，孩子每天自己做饭。",
        "到{n}家时已经天黑了，他爸爸{n}刚从{o}下班，说孩子最近放学后总往网吧跑。",
        "家访情况：{n}家住在村口，姐姐{n}去年考上了大学，家里很重视教育。",
    ],
    "aid": [
        "我是{s}{c}学生{n}，母亲长期卧病，父亲在{o}做零工，恳请学校给予资助。",
        "助学金发放名单（公示）\n{n} 1000元\n{n} 800元\n{n} 800元",
        "困难补助申请\n申请人：{n}\n监护人：{n}（爷爷）\n家庭人口：4人\n月收入：不足两千元",
        "经评议，{n}同学列入本学期“春蕾计划”受助名单。",
    ],
    "intro": [
        "大家好，我是{n}，家住在学校后面，我最喜欢的科目是科学，最怕的是写作文。",
        "Hello! I'm {e}, and my Chinese name is {n}. I'm good at drawing.",
        "新学期自我介绍：我叫{n}，以前在{s}读书，今年转到{c}。",
        "我是{c}的新班主任，大家可以叫我{k}，我教语文，也爱打羽毛球。",
    ],
    "mixed": [
        "Hi {t}，{n} 昨天 lost his water bottle 在操场，请帮忙留意一下 thanks",
        "{n} and {e} will do the science fair poster together，主题是 water cycle。",
        "Can you proofread {n}'s speech？主要看 tense 和 punctuation。",
        "{e} 说 {n} 的 lunch box 拿错了，明天换回来。",
    ],
    "cue": [
        "本周卫生检查：{n}",
        "今日护导：{n}",
        "失物招领：书包一个，主人{n}",
        "{c}课间操领队{n}",
        "放学路队：{n}",
        "校车第三站上车：{n}",
        "借阅卡号0317：{n}",
        "月度进步之星：{n}",
    ],
    "negative": [
        "{t}让我们查一查{x}的资料，明天课上分享。",
        "请用三句话向五年级学生讲清楚{x}。",
        "把{x}和{x}放在一起比较，列出三点不同。",
        "{t}刚才在群里说周五不上晚自习。",
        "以{x}为主题设计一份手抄报的版面。",
        "上周研学去了{x}，孩子要写游记，帮忙列个提纲。",
        # the figures of textbook word problems are nobody: 小胖, 小东 and 小雪 are not labelled
        "应用题：小胖买了3本练习本，每本4元，小东比他多买2本，小东花了多少钱？",
        "{t}出的思考题：小雪每天跳绳180下，一周能跳多少下？",
    ],
    "org": [
        "{n}的舅舅开了一家{o}，这次班级联欢会的水果是他送的。",
        "感谢{o}为我校图书角捐赠图书两百册。",
        "孩子父亲的工作单位：{o}",
        "毕业典礼的气球和横幅是{o}赞助的。",
        "家长{n}在{o}上班，说可以带孩子们去参观。",
    ],
    "health": [
        "{n}对花生严重过敏，午餐请{t}帮忙留意，肾上腺素笔在医务室。",
        "午检记录：{c}{n}咳嗽伴低烧，已联系家长接回观察。",
        "{n}左手骨折打了石膏，这一个月体育课只能见习。",
        "{n}确诊流感，同桌{n}这两天也有点咳嗽，请家长留意。",
    ],
    "family": [
        "{n}的父亲前年车祸去世，母亲{n}改嫁后孩子跟着爷爷奶奶生活。",
        "{n}是领养的孩子，这件事他自己还不知道，请各位老师注意说话。",
        "{n}家里四个孩子，她是老大，放学后要照顾两个弟弟和一个妹妹。",
    ],
    "words": [
        "给下面的词注音：{w}、{w}",
        "用“{w}”和“{w}”各造一个句子。",
        "默写词语：{w}  {w}  {w}",
        "“{w}”是什么意思？",
        "下列词语书写正确的是：{w} / {w} / {w}",
    ],
    "chat": [
        "【{c}家长交流群】\n{n}外婆：明天降温，孩子们要穿厚一点吧\n{t}：是的，记得带外套\n{n}妈妈：好嘞",
        "{k}：放学去不去打球\n{n}：作业还没写完\n{k}：那我等你",
        "{n}爸爸：[转账] 班费100元\n{t}：收到，谢谢\n{n}妈妈：我们家的也转了",
        "{t}：今天{n}、{k}表现特别好，给你们点赞👍\n{n}妈妈：谢谢老师鼓励",
        "{n}：谁借了我的尺子\n{e}：是我，明天还你\n{n}：ok",
    ],
    "seating": [
        "新座位表（第七周起）\n第一组：{n} {n}\n第二组：{n} {n}\n第三组：{n} {e}",
        "{n}个子长高了，和后排的{n}对调一下位置。",
        "黑板\n{n}  {n}    {n}  {n}\n{n}  {k}    {n}  {n}",
        "{n}上课总和同桌{n}说话，把他调到讲台旁边单独坐。",
    ],
    "nickname": [
        "{k}今天值日又溜了，明天罚他多扫一天。",
        "全班都叫她{k}，其实她的大名很少有人喊。",
        "{k}，你的跳绳落在体育室了！",
        "家里人都叫她{k}，上了小学老师也跟着这么叫。",
        "帮我写一段生日祝福给{k}，他今年七岁，最爱{x}。",
        "{k}和{k}又在走廊上追着跑，{t}说了好几次了。",
    ],
    "award": [
        "“三好学生”获奖名单：{n}、{n}、{n}、{n}",
        "区中小学生运动会获奖情况\n男子100米 第一名 {n}\n女子跳高 第二名 {n}\n男子铅球 第三名 {n}",
        "本学期“书香少年”：{c} {n}；“劳动之星”：{c} {n}",
        "恭喜{n}在全国青少年信息学竞赛中获得省一等奖，指导教师{t}。",
    ],
    "duty": [
        "值日表\n周一：{n} {n}\n周二：{n} {n}\n周三：{n} {n}\n周四：{n} {n}\n周五：{n} {n}",
        "本周护导安排：周一{n}爸爸，周三{n}妈妈，周五{n}奶奶，早上7:20到校门口。",
        "午餐分餐轮值：第一周{n}，第二周{n}，第三周{n}",
        "周末打扫教室：擦窗户{n}，拖地{n}，倒垃圾{e}。",
    ],
    "prose": [
        "那天放学下着大雨，{n}把伞塞给了我，自己冒雨跑回了家，后来他发烧请了三天假。",
        "我们班最会讲故事的是{n}，每次午休前她讲一段，连平时最闹的{n}都听得入迷。",
        "写一篇作文，题目叫《我的同桌{n}》，写他做过的两件小事。",
        "记得初一刚开学，{n}一个人都不认识，是{n}主动带他去食堂的。",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_SU = tuple((
    "课间操领队 午餐分餐员 图书漂流负责人 班级摄影师 绿植养护员 垃圾分类督导员 光盘行动监督员 家委会主任 家委会财务 "
    "外曾祖母 太姥姥 表舅 堂姐 姑妈 姨父 舅姥爷 继女 养女 钢琴陪练 托管班老师 研学导师 宿管阿姨 校车司机 心理辅导员 "
    "学籍管理员 实验室管理员 足球队队长 合唱团领唱 鼓号队指挥 文明监督员 借阅登记人 失物认领人"
).split())
SEPS_SU = ("", " : ", "是我们组的", "=>", "＞", "，名字是")
TAILS_SU = ("", "（已确认到校）", "，麻烦看一下", "已交回执", "～谢谢", "（家长代填）", "已签到", "，下周一起", "（休学）",
            "今天没来")
CLASSES_SU = ("一年级(4)班", "二年级五班", "三(5)班", "四年级(3)班", "五年级(2)班", "六(1)班", "七年级(3)班", "八(2)班",
              "初二(1)班", "九(3)班", "高一(2)班", "高二(4)班", "高三(1)班")
SCHOOLS_SU = ("南湖小学", "建设路小学", "第十一中学", "桥头镇中心小学", "北郊中学", "文昌小学", "市第二十六中学", "县职业高中")
ORG_SUFFIXES_SU = ("米粉店", "面馆", "奶茶店", "电动车行", "修车铺", "蛋糕店", "早餐店", "干洗店")
# jieba frequencies of the ordinary words that start with a surname character: frequency 2, the
# lowest jieba's dictionary holds, below the spring split's band [3, 5) and below the train-only
# name-words of bench.name_train_extra (frequency 5 and up), so no word is shared.
WORD_FREQ_SU = (2, 3)
