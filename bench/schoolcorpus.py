"""Generated school texts with labelled names, for training and testing the name tagger.

A third vocabulary, `sealed` (bench.schoolcorpus_sealed), was written after the model was
tuned and never used to choose anything; its errors have since been read, so it is now a
development set. A fifth, `blind` (bench.schoolcorpus_blind), written after that and never
run by its author, has since been run and its errors read, so it too is a development set.
A sixth, `final` (bench.schoolcorpus_final), written after that and never run by its
author, has since been seen by the people tuning the name model. A seventh, `fresh`
(bench.schoolcorpus_fresh), written after that and never run by its author, is the blind
test beside `test`.

Two disjoint vocabularies: the `train` generator and the `test` generator use
different seeds, different given-name lists and character pools, different
uncommon surnames (the 20 commonest are shared, as in any real class),
different name-like words (马力 / 白云), different hard negatives and, where the
situation allows, different template wordings. Nothing here is real data.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bench.evaldata import Sample, Span
from bench import schoolcorpus_blind as _blind
from bench import schoolcorpus_final as _final
from bench import schoolcorpus_fresh as _fresh
from bench import schoolcorpus_sealed as _sealed

__all__ = ["Vocabulary", "VOCABULARIES", "generate", "TRAIN_SEED", "TUNE_SEED", "TEST_SEED", "SEALED_SEED",
           "BLIND_SEED", "FINAL_SEED", "FRESH_SEED"]

TRAIN_SEED = 20261130
TEST_SEED = 77115
TUNE_SEED = 4242
SEALED_SEED = _sealed.SEALED_SEED
BLIND_SEED = _blind.BLIND_SEED
FINAL_SEED = _final.FINAL_SEED
FRESH_SEED = _fresh.FRESH_SEED

# Surname frequency order (mainland census ranking, roughly); the first 20 cover
# about half the population and appear in both splits.
_COMMON = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_TAIL = (
    "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
    "熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
)
_COMPOUND_A = ("欧阳", "司马", "诸葛", "上官", "慕容", "司徒", "夏侯", "东方", "呼延", "闻人", "钟离", "宗政", "淳于",
               "赫连", "拓跋", "司空", "独孤", "西门", "百里", "申屠")
_COMPOUND_B = ("皇甫", "尉迟", "公孙", "令狐", "端木", "南宫", "长孙", "宇文")

_GIVEN2_A = (
    "一诺 可欣 俊杰 一鸣 梓涵 子轩 浩然 欣怡 雨桐 思远 诗涵 宇航 梓萱 睿泽 佳怡 子墨 雨萱 浩宇 若曦 嘉怡 "
    "博文 语桐 思彤 梓睿 天佑 欣然 明轩 紫涵 俊熙 晨曦 一凡 雅琪 皓轩 奕辰 语嫣 子豪 可馨 泽宇 依诺 梦琪 "
    "家豪 思琪 雨泽 梓琪 文博 诗雨 子涵 嘉懿 锦程 铭泽 佳琪 晓彤 振宇 雪儿 宏伟 丽娟 建华 秀英 志强 海燕"
).split()
_GIVEN2_B = (
    "一航 可心 俊豪 一帆 梓欣 子睿 浩轩 欣妍 雨欣 思源 诗琪 宇轩 梓琳 睿哲 佳琳 子瑜 雨涵 浩南 若汐 嘉欣 "
    "博宇 语汐 思雨 梓豪 天宇 欣悦 明哲 紫萱 俊宇 晨阳 一然 雅婷 皓宇 奕帆 语彤 子健 可盈 泽楷 依依 梦瑶 "
    "家乐 思佳 雨辰 梓妍 文轩 诗瑶 子萱 嘉琪 锦轩 铭轩 佳妮 晓雯 振华 雪莹 宏亮 丽华 建军 秀兰 志刚 海霞"
).split()
_GIVEN1_A = tuple("伟敏静磊洋勇艳杰涛明超秀霞平刚桂芳娜丹鹏辉")
_GIVEN1_B = tuple("强军燕华芳玲斌波宇浩凯健俊帆琳颖婷倩雪琦")
# Characters for generated two-character given names (two disjoint pools).
_POOL_A = "子梓欣雨思浩宇轩涵怡佳嘉俊晨泽睿博文诗悦铭彤瑶琪航昊乐然萱"
_POOL_B = "一可若天紫依梦语锦奕皓雅晓振宏丽建志海秀家明诺辰凡妍桐熙楷"
# Full names that are also ordinary words.
# Names that are also words, as people are really named (马力, 方圆, 高山); not the
# commonest function words (方便, 程序), which would teach that any word can be a name.
_WORDNAMES_A = (
    "马力 方圆 林立 许诺 高山 金星 田野 江山 向阳 常青 江涛 白杨 海燕 于洋 高原 "
    "夏雨 路遥 江南 秦川 高飞 华夏 金凤 丁香 乔木 雷鸣 白露 安宁 "
    "杨柳 方舟 高明 凌云 龙腾 易安 向东 乐天 海波 甘霖 钱程 尚武"
).split()
_WORDNAMES_B = "白云 万里 华丽 安静 高峰 江河 柳青 石磊 余温 方正 明亮 温暖 和平 金鑫 钟声".split()
_GIVEN2_T = "一冉 可儿 俊逸 一舟 梓航 子默 浩辰 欣彤 雨晴 思齐 诗语 宇泽 若彤 嘉禾 博涛 语晨 天翊 明远 紫琪 晨宇".split()
_GIVEN1_T = tuple("军红英华兵峰岚蕾瑜鑫")
_POOL_T = "沐景安瑾婉霖煜昕钰璇骏铮淼翊"
_WORDNAMES_T = "夏雪 秋实 田园 江波 林海 金秋 云帆 余晖 高洁 万山 白雪 常乐 安然".split()
_MINORITY_A = ("迪丽努尔·艾力", "阿卜杜拉·买买提", "古丽米拉·吐尔逊", "巴特尔", "扎西顿珠", "买买提·依明",
               "阿依古丽·热合曼", "吐尔洪·艾买提", "帕提古丽·阿布都", "木拉提·沙吾提", "阿迪力·吾守尔",
               "米热阿依·艾山", "祖丽菲亚·买买提", "伊力哈木·肉孜",
               # round three: more Uyghur, Kazakh, Tibetan and Mongolian names (none of the test list's)
               "艾合买提·阿不力孜", "古丽娜尔·吐尔逊", "阿力木·买买提", "再努尔·阿西木", "努尔兰·叶尔兰",
               "麦合木提·吾甫尔", "阿娜尔古丽·肉孜", "格桑央金", "洛桑旦增", "白玛多吉", "巴图", "苏日娜",
               "乌兰图雅", "哈斯", "宝音")
_MINORITY_B = ("热依拉·托合提", "艾尔肯·阿不都", "努尔古丽·卡德尔", "其其格", "次仁卓玛")
_ENGLISH_A = ("Emily", "Tom", "Kevin", "Lucy", "Jack", "Amy", "Daniel", "Grace")
_ENGLISH_B = ("Olivia", "Ethan", "Sophia", "Ryan", "Chloe", "Leo", "Hannah", "Oscar")

# Hard negatives: words starting with a surname character that are not names.
_NEG_A = {
    "title": "王老师 李阿姨 张师傅 刘主任 陈叔叔 杨校长 黄医生 赵大夫 周老板 吴经理".split(),
    "brand": "王老吉 李宁 周大福 金龙鱼 康师傅 白象 马应龙 娃哈哈 海尔 格力 云南白药 雷克萨斯".split(),
    "animal": "蓝鲸 白鹭 金丝猴 黄鹂 孔雀 杜鹃 白头鹰 金鱼 黄鼠狼 海豚 龙虾 白蚁".split(),
    "science": "白洞 黑洞 白矮星 石墨 石英 黄铜 金刚石 高锰酸钾 温度计 向心力 万有引力".split(),
    "dish": "麻婆豆腐 宫保鸡丁 东坡肉 鱼香肉丝 白切鸡 叫花鸡 龙井虾仁 宋嫂鱼羹 黄焖鸡 白斩鸡".split(),
    "film": "阿甘正传 千与千寻 霸王别姬 龙猫 罗马假日 海上钢琴师 肖申克的救赎 花木兰 哪吒之魔童降世".split(),
    "foreign": "吉卜力 迪士尼 柯南 贝多芬 莫扎特 安徒生 史努比 哈利波特 米老鼠".split(),
    "place": "武侯祠 黄鹤楼 岳阳楼 滕王阁 张家界 黄山 洪崖洞 雷峰塔 鼓浪屿 兵马俑".split(),
    "fiction": "李华 李雷 韩梅梅 孙悟空 林黛玉 贾宝玉 诸葛亮 白雪公主".split(),
}
_NEG_B = {
    "title": "孙老师 郭阿姨 何师傅 罗主任 梁叔叔 谢校长 宋医生 唐大夫 许老板 韩经理".split(),
    "brand": "周黑鸭 白加黑 金六福 吉利 华为 雪花啤酒 江小白 蒙牛 安踏 同仁堂".split(),
    "animal": "白鲸 金雕 黄牛 丹顶鹤 白鹤 金钱豹 黄鳝 海鸥 蓝孔雀 白头翁".split(),
    "science": "白炽灯 石灰石 黄铁矿 金属键 向量 万用表 高斯定理 牛顿第一定律 毛细现象".split(),
    "dish": "佛跳墙 叉烧包 东北乱炖 蒜蓉粉丝 毛血旺 麻辣香锅 夫妻肺片 白灼虾 宫廷糕点".split(),
    "film": "阿凡达 流浪地球 长津湖 狮子王 寻梦环游记 宝莲灯 大闹天宫 罗小黑战记".split(),
    "foreign": "吉普车 迪拜 蒙娜丽莎 安娜 柯达 莫斯科 贝克汉姆 米其林".split(),
    "place": "杜甫草堂 黄果树瀑布 岳麓书院 滕州 张掖 黄浦江 雷山 鼓楼 乐山大佛".split(),
    "fiction": "王二小 孙小圣 司马光 曹冲 孔融 穆桂英 武松 闰土".split(),
}

# Templates: {n} a person's name (gold), {c} class, {s} school, {x} hard negative
# (not gold), {t} a title with a surname (not gold), {e} an English name (gold),
# {w} an ordinary word that starts with a surname character (not gold), {o} a
# company named like a person (not gold).
_TEMPLATES_A = {
    "comment": [
        "{n}同学本学期学习认真，上课积极发言，希望继续保持。",
        "评语：{n}性格开朗，乐于助人，但作业有时马虎。",
        "{c}{n}这学期进步很大，数学从72分提高到了91分。",
        "请帮我给{n}写一段期末评语，他平时比较内向。",
        "{c}的{n}上课总爱讲话，{t}已经提醒过好几次。",
    ],
    "leave": [
        "请假条\n{t}：您好！我是{c}学生{n}的家长，孩子发烧需请假一天。家长：{n}",
        "尊敬的{t}，{c}{n}因家中有事请假两天，望批准。学生姓名{n}",
        "{n}今天肚子疼，上午请假去医院，下午再来上课。",
    ],
    "notice": [
        "【家长群通知】明天春游，请{n}、{n}、{n}的家长在校门口集合。",
        "各位家长：{s}{n}同学在市运动会上获得跳远第一名，特此表扬！",
        "通知：请{c}{n}家长于周五下午到学校参加家长会。",
        "家长群里说{n}生病住院了，大家一起为他加油。",
    ],
    "table": [
        "姓名 语文 数学 英语\n{n} 92 88 95\n{n} 85 90 78\n{n} 77 69 83",
        "序号,姓名,成绩\n1,{n},96\n2,{n},89\n3,{n},91",
        "{n} 92分\n{n} 88分\n{n} 95分",
        "学号 姓名 班级\n2023001 {n} {c}\n2023002 {n} {c}",
    ],
    "group": [
        "第一组：{n}、{n}、{n}；第二组：{n}、{n}。组长{n}",
        "值日表 周一{n} 周二{n} 周三{n}",
        "科学小组名单：组长{n}，成员{n}、{n}、{e}。",
    ],
    "homevisit": [
        "家访记录：今天走访了{n}家，{n}的妈妈说孩子在家很少看书。",
        "家访对象：{c}{n}，家长：{n}，父母离异，由奶奶照顾。",
        "与{n}的父亲{n}沟通了孩子的学习情况。",
    ],
    "aid": [
        "助学金申请表\n申请人：{n}\n所在班级：{c}\n家庭情况：父亲务工，母亲在家。",
        "本人{n}，{s}{c}学生，家庭经济困难，特申请助学金。户名{n}，开户行农业银行。",
        "收款人：{n}（{n}的母亲）",
    ],
    "intro": [
        "大家好，我叫{n}，来自{c}，我喜欢画画和跑步。",
        "自我介绍：我的名字是{n}，今年十二岁，爱好是篮球。",
        "我们班新来了一位同学名叫{n}，他是从外地转来的。",
        "Hi everyone, my name is {e}. 我的中文名字叫{n}。",
    ],
    "mixed": [
        "Please give feedback on {e}'s essay. 他的中文名是{n}。",
        "{e} and {n} are in {c}, 他们是同桌。",
        "Student: {n}, Class {c}, score 87.",
    ],
    "cue": [
        "{c}{n}",
        "{n}（{c}）",
        "{c}：{n}",
        "同桌是{n}",
        "班里的{n}最近成绩下滑",
        "{s}{n}获得了一等奖",
        "{c}的{n}作文写得好",
        "学生姓名{n}",
        "家长：{n}",
        "户名{n}",
        "他叫{n}",
        "名叫{n}的同学",
        "学生{n}今天没来",
        "组长{n}负责收作业",
        "班长{n}和学习委员{n}",
    ],
    "negative": [
        "{t}让我们写一篇关于{x}的作文。",
        "请介绍一下{x}的特点。",
        "{x}是什么？请用小学生能听懂的话解释。",
        "假如你是李华，请给你的英国朋友写一封信，介绍{x}。",
        "帮我想三个关于{x}的问题，用在科学课上。",
        "{t}说周末可以去参观{x}。",
        "如果你是李华，请用英语写一篇关于{x}的短文。",
        "你是李华，给笔友Chris写信介绍{x}。",
        "以李华的身份写一封感谢信。",
        "{t}好！请问{x}怎么做？",
        "谢谢{t}，{t}辛苦了。",
        "{t}，您好！我想请教一个问题。",
    ],
    "org": [
        "{n}的父亲在{o}上班，工作很忙。",
        "{o}为学校捐赠了一批图书。",
        "家长工作单位：{o}",
        "本次活动由{o}赞助。",
        "他曾任{o}董事长，现任{o}总经理。",
    ],
    "health": [
        "{n}因发烧在区医院就诊，主治医生{n}建议休息三天。",
        "{c}{n}近期经常头痛，由{n}医生负责诊治。",
        "病假条：学生{n}，诊断为急性肠胃炎，经治医生{n}。",
        "{n}被诊断为过敏性鼻炎，目前在{n}医生的指导下用药。",
        "关于{n}的健康情况：{n}患有哮喘，体育课需要注意。",
    ],
    "family": [
        "家庭经济情况：{n}的父亲{n}在外务工，家庭年收入约三万元。",
        "{n}家有四口人，母亲{n}没有固定工作。",
        "经核实，{n}的家庭年收入低于当地标准，{n}同学符合资助条件。",
        "财务方面，{n}家里欠款较多，{n}的奶奶身体不好。",
    ],
    "kin": [
        "{n}的爷爷{n}每天骑电动车接送孩子。",
        "放学时{n}的舅舅{n}来接他，已和班主任确认。",
        "{n}妈妈说孩子最近晚上睡得很晚。",
        "{n}爸爸今天打电话问成绩。",
        "和{n}的姑姑{n}通了电话，她答应督促作业。",
        "{n}的哥哥{n}也在我们学校读初三。",
        "表姐{n}帮{n}补习英语。",
        "{n}家长反映孩子近视加深了。",
    ],
    "award": [
        "热烈祝贺{c}{n}在市作文比赛中获得一等奖！",
        "本周读书之星：{n}、{n}。",
        "{s}{c}{n}被评为优秀少先队员。",
        "获奖名单：一等奖{n}，二等奖{n}、{n}。",
        "表扬{n}拾金不昧，把捡到的钱包交给了老师。",
    ],
    "talk": [
        "{n}说他明天要去参加比赛。",
        "校医{n}提醒大家注意饮水卫生。",
        "数学老师{n}布置了两道思考题。",
        "我问{n}为什么迟到，{n}说公交车晚点了。",
        "{n}告诉我，{n}昨天又没写作业。",
        "刚才{n}和{n}在走廊里吵架了。",
        # The same wordings with a title (王老师) or a word: the words after a name
        # are not what makes it one.
        "{t}布置了两道思考题。",
        "{t}提醒大家注意饮水卫生。",
        "{t}说他明天要去开会。",
        "{x}说明了什么道理？",
        "我问{t}为什么要提前交作业。",
    ],
    "words": [
        "用以下词语写一段话：{w}，{w}，{w}。",
        "输入：{w}、{w}、{w}\n输出：",
        "下面哪个词是名词？{w}；{w}；{w}",
        "{w}\n{w}\n{w}",
        "用“{w}”造句。",
        "{w}的近义词有哪些？",
        "请解释词语“{w}”的意思。",
        "写一段话，描写{w}。",
        "把下面的词语按拼音排序：{w}，{w}，{w}，{w}。",
        "{w}、{w}和{w}这三个词有什么共同点？",
        "{w}是小学语文课本里的一个词吗？",
        "{w}。",
    ],
}
# Train-only narrative and list wordings (round three): a name as the subject of
# a verb, after a preposition or a time word, and in lists and table rows with
# every separator, so the tagger learns the classes of context (a verb after, a
# list around) rather than the few wordings above.
_TEMPLATES_A["story"] = [
    "课间{n}不小心摔倒了，{n}赶紧把她扶了起来。",
    "午饭时{n}把汤洒在了{n}的衣服上。",
    "昨天放学后{n}一个人留在教室里写作业。",
    "这周{n}帮{n}补上了落下的笔记。",
    "运动会上{n}跑了第一，{n}跑了第三。",
    "跟{n}一起去图书馆的是{n}。",
    "语文课上{n}朗读了自己的作文，{n}鼓掌最响。",
    "周三下午{n}代表班级参加演讲比赛。",
    "上周五{n}没交数学作业，{n}也没交。",
    "早读时{n}和{n}在后排小声说话。",
    "这学期{n}当上了图书管理员。",
    "期中考试{n}发挥失常，{n}安慰了她很久。",
    "让{n}把作业本发下去，再请{n}擦黑板。",
    "被{n}撞倒的{n}膝盖擦破了皮。",
    "对{n}来说，数学一直是难题。",
    "关于{n}上课睡觉的问题，我想和家长沟通。",
    "昨晚{n}发烧到三十九度，今早{n}送她去了医院。",
    "今天{n}主动承认了错误，{n}也原谅了他。",
    "练习册上{n}的字写得最工整。",
    "{n}画的向日葵贴在了教室后墙上。",
    "据{n}回忆，当时{n}先动的手。",
    "午休时{n}偷偷玩手机，被{t}发现了。",
]
_TEMPLATES_A["list"] = [
    "值日安排：周一 {n}、{n}；周二 {n}、{n}",
    "第一小组 {n} {n} {n}\n第二小组 {n} {n}",
    "迟到名单\n{n}\n{n}\n{n}",
    "{n}/{n}/{n} 三人一组",
    "| 姓名 | 分数 |\n| {n} | 95 |\n| {n} | 88 |",
    "{n}\t男\t12岁\n{n}\t女\t11岁",
    "获奖：{n} {n} {n} {n}",
    "{n}，{n}，{n}请到办公室领奖状。",
    "左边一列：{n}、{n}；右边一列：{n}、{n}。",
    "{n} 缺交 2 次\n{n} 缺交 1 次",
    "合唱队：{n}、{n}、{n}和{n}",
]
# ... and sentences composed from a left context (a time, a place, a preposition, a
# verb taking a person) and a predicate: every pairing, so that no one wording
# carries the name and the tagger learns the classes around it.
_LEFT_A = ("", "今天", "昨天下午", "课间", "刚才", "放学后", "早上", "午休时", "上课时", "这学期", "开学第一天", "考试前",
           "跟", "和", "让", "被", "替", "陪", "找", "帮", "问", "叫上", "老师表扬了", "大家都喜欢", "我很佩服",
           "同桌", "据说", "没想到", "只有")
_RIGHT_A = ("摔倒了", "哭了很久", "笑着跑开了", "举手回答了问题", "忘带课本了", "迟到了十分钟", "请了病假",
            "参加了合唱比赛", "在操场上跑步", "把书借给了我", "想当科学家", "喜欢画画", "考了九十五分", "被选为组长",
            "一起去食堂", "收拾好了书包", "写完了作业", "捡到一支钢笔", "在走廊里等我", "发烧了", "转学了",
            "主动打扫了教室", "帮大家搬桌子", "当上了升旗手", "背完了古诗", "去了少年宫", "弄丢了校卡")
_TEMPLATES_A["sentence"] = [f"{left}{{n}}{right}。" for left in _LEFT_A for right in _RIGHT_A]
# ... and ordinary words that start with a surname in running text, where the
# same verbs and particles as around a name stand around them (在王国中, 母校的).
_TEMPLATES_A["wordtext"] = [
    "在{w}中，我们学到了很多。",
    "课文里提到了{w}，大家讨论得很热烈。",
    "他们把{w}写进了作文。",
    "这篇文章写的是{w}和家乡。",
    "关于{w}，你有什么看法？",
    "我最难忘的是{w}的那段日子。",
    "请用一句话概括{w}的意思。",
    "{w}里有许多有趣的故事。",
    "老师说{w}很重要，要记住。",
    "同学们走进{w}，认真观察。",
    "{w}给我们留下了深刻的印象。",
    "读完这本书，我对{w}有了新的认识。",
]
_TEMPLATES_B = {
    "comment": [
        "该生{n}尊敬师长，团结同学，学习态度端正。",
        "期末寄语：{n}，你是一个懂事的孩子，老师为你骄傲。",
        "{n}在本次月考中排名第五，比上次前进了十名。",
        "帮忙润色一下给{c}{n}的评语。",
    ],
    "leave": [
        "{t}您好，{n}感冒了，今天在家休息，明天返校。{n}妈妈",
        "事由：{c}学生{n}因参加比赛请假三天。",
        "孩子{n}牙疼，下午请个假，谢谢{t}。",
    ],
    "notice": [
        "温馨提示：{n}家长请于本周内缴纳校服费。",
        "恭喜{s}{c}{n}荣获区三好学生称号！",
        "{n}、{n}两位同学放学后留下打扫教室。",
    ],
    "table": [
        "名次\t姓名\t总分\n1\t{n}\t689\n2\t{n}\t675",
        "{n}：语文95，数学100\n{n}：语文88，数学92",
        "考号 姓名\n0101 {n}\n0102 {n}\n0103 {n}",
    ],
    "group": [
        "春游分组：A组 {n} {n} {n}，B组 {n} {n}",
        "篮球队队员：{n}（队长）、{n}、{n}",
    ],
    "homevisit": [
        "今天去了{n}家里，孩子的外婆{n}接待了我们。",
        "{c}{n}家访情况：单亲家庭，住在爷爷家。",
    ],
    "aid": [
        "贫困生认定：学生{n}，监护人{n}，家庭年收入不足两万元。",
        "申请人姓名：{n}  班级：{c}  联系人：{n}",
    ],
    "intro": [
        "我是{c}的{n}，我的梦想是当一名医生。",
        "各位好，本人{n}，就读于{s}。",
        "我的好朋友叫做{n}，她特别爱笑。",
        "My name is {e}, and my Chinese name is {n}.",
    ],
    "mixed": [
        "Dear parents, {e} ({n}) did well in the test.",
        "{n} got an A in English, {e} got a B.",
    ],
    "cue": [
        "{s}{n}",
        "{c}{n}同学",
        "三年级二班的{n}",
        "学生姓名：{n}",
        "家长{n}",
        "账户名{n}",
        "孩子叫{n}",
        "名字叫{n}",
        "同学{n}请假了",
        "副班长{n}",
        "队员{n}",
    ],
    "negative": [
        "我们班{t}推荐了{x}，你怎么看？",
        "写一段介绍{x}的文字，200字左右。",
        "为什么{x}这么有名？",
        "假设你是李华，请写一封邮件给外教，谈谈{x}。",
        "{x}和别的有什么不同？",
    ],
    "org": [
        "{o}向我校捐款五万元。",
        "{n}的母亲就职于{o}，{o}离学校很近。",
        "工作单位：{o}",
    ],
    "health": [
        "{n}身体不适，医生{n}说需要住院观察。",
        "校医记录：{c}{n}，胃疼，已通知家长{n}。",
        "{n}患有过敏，由{n}大夫开了药。",
    ],
    "family": [
        "{n}的母亲{n}收入不稳定，家里还有一个弟弟。",
        "家庭情况：{n}由外公{n}抚养，经济困难。",
    ],
    "words": [
        "{w}是什么意思？",
        "给下面的词语注音：{w}、{w}、{w}",
        "请把{w}，{w}，{w}分成两类。",
        "给“{w}”写三个反义词。",
        "温馨提示：请用{w}和{w}各造一个句子。",
        "下列词语中，{w}、{w}、{w}，哪一个用得不对？",
        "{w}",
    ],
}
# Tune-only wordings: the threshold is chosen on contexts the model never trained
# on, as the test split's are, so it is not set for familiar templates only.
_TEMPLATES_T = {
    "comment": [
        "给{n}的期末评价：思维活跃，书写需要更工整。",
        "{c}{n}最近上课走神，作业也常常漏交。",
        "这次单元测验{n}考了满分，{n}进步最明显。",
    ],
    "leave": [
        "老师好，我是{n}的奶奶，{n}今天咳嗽得厉害，请一天假。",
        "{c}{n}明天要去医院复查，上午不能到校。",
    ],
    "notice": [
        "下周一升旗仪式由{n}主持，{n}负责国旗下讲话。",
        "请{n}同学的家长放学后到办公室来一趟。",
        "本次大扫除：{n}擦窗户，{n}扫地，{n}倒垃圾。",
    ],
    "table": [
        "座位表\n第一排：{n} {n}\n第二排：{n} {n}",
        "{n}|86|90\n{n}|79|85",
    ],
    "family": [
        "{n}跟着姥姥{n}生活，父母都在外地打工。",
        "{n}的继父{n}脾气不好，孩子有些怕他。",
    ],
    "talk": [
        "体育课上{n}扭伤了脚，{n}扶他去了医务室。",
        "{n}觉得自己数学不好，想请{n}帮忙辅导。",
        "听{n}讲，{n}周末去了科技馆。",
    ],
    "cue": [
        "监考员{n}",
        "新转来的{n}坐在第三排",
        "联络员：{n}",
        "指导教师{n}",
        "值周生{n}今天迟到",
    ],
    "negative": [
        "用{x}为题写一首小诗。",
        "{t}让我们查一查{x}的资料。",
    ],
    "words": [
        "{w}和{w}哪个笔画多？",
        "{w}这个词的拼音是什么？",
    ],
    "org": [
        "{n}的爸爸在{o}做销售。",
        "感谢{o}对本次比赛的支持。",
    ],
}

# Words that introduce a person, split in two by alternation: each split composes
# "cue + separator + name + tail" lines from its own half.
_CUES = tuple((
    "学生 同学 家长 监护人 申请人 联系人 收件人 负责人 班长 组长 队长 队员 课代表 学习委员 体育委员 值日生 "
    "孩子 儿子 女儿 外婆 奶奶 爷爷 外公 父亲 母亲 爸爸 妈妈 哥哥 姐姐 弟弟 妹妹 班主任 老师 教练 校医 医生 "
    "主治医生 辅导员 学员 考生 选手 获奖者 发言人 主持人 代表 户主 户名 持卡人 签名 姓名 名字 报名人 被资助人 "
    "资助人 转学生 新生 插班生 本人 该生 我的同桌 我的好朋友 我们班的 邻居 室友 同桌 舍友 托管老师 司机"
).split())
# Train-only role words (the test split never draws them): more ways a text
# introduces a person, so the tagger learns the class rather than a list.
_CUES_EXTRA = tuple((
    "同组 组员 伙伴 表哥 表姐 堂弟 姑姑 舅舅 小姨 叔叔 伯伯 学长 学姐 学弟 学妹 师兄 好友 搭档 队友 同事 "
    "患者 病人 作者 队医 指导老师 教官 房东 志愿者 家属 委托人 经办人 收款人 领取人 推荐人 介绍人 证明人 "
    "担保人 小组长 纪律委员 劳动委员 宣传委员 升旗手 护旗手 读书之星 三好学生 优秀学生 转入学生 借读生"
).split())
_SEPS_A = ("", "：", "：", " ", "是", "叫", "为")
_SEPS_B = ("", ":", "：", "  ", "是", "名叫", "，")
_TAILS_A = ("", "。", "，请假一天。", "同学", "获得表扬", "，电话已登记", "（已签字）", "负责本周值日", "没有来")
_TAILS_B = ("", "；", "，今天缺席。", "的成绩", "已缴费", "，家庭困难", "（男）", "参加了比赛", "生病了")

_CLASSES_A = ("高一7班", "初二(3)班", "三年级二班", "五年级1班", "七年级4班", "高三12班")
_CLASSES_B = ("高二5班", "初一(2)班", "四年级三班", "六年级2班", "八年级6班", "九年级1班")
_SCHOOLS_A = ("实验小学", "第一中学", "育才小学", "城关中学", "外国语学校")
_SCHOOLS_B = ("希望小学", "第二中学", "光明小学", "师大附中", "实验中学")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything one split draws from."""

    surnames: tuple[str, ...]
    compound: tuple[str, ...]
    given2: tuple[str, ...]
    given1: tuple[str, ...]
    pool: str
    wordnames: tuple[str, ...]
    minority: tuple[str, ...]
    english: tuple[str, ...]
    negatives: dict[str, list[str]]
    templates: dict[str, list[str]]
    classes: tuple[str, ...]
    schools: tuple[str, ...]
    parity: int = 0
    org_suffixes: tuple[str, ...] = ()
    seps: tuple[str, ...] = ()
    tails: tuple[str, ...] = ()
    #: Share of names right after a cue that are ordinary words (马力): training
    #: over-samples them; the test split keeps a plainer rate.
    wordname_rate: float = 0.1
    #: Which third of `_given_pool` the generated given names come from.
    pool_part: int = 0
    #: The sealed split's own role words and ordinary words (empty: the halves below).
    cue_words: tuple[str, ...] = ()
    #: The jieba frequency band [low, high) of the held-out splits' own ordinary
    #: words (None: the halves of `_dictionary_words`).
    word_freq: tuple[int, int] | None = None
    #: Share of generated surnames that are compound.
    compound_rate: float = 0.04

    @property
    def cues(self) -> tuple[str, ...]:
        if self.cue_words:
            return self.cue_words
        return tuple(_CUES[self.parity :: 2]) + (_CUES_EXTRA if self.parity == 0 else ())

    @property
    def words(self) -> tuple[str, ...]:
        """Ordinary dictionary words that start with a surname character (平静, 海洋,
        高峰): half of them (by a hash) for each split; the sealed, blind, final and fresh splits take
        rarer ones that neither half holds, each from its own band of frequencies."""
        if self.word_freq is not None:
            return _rare_words(*self.word_freq)
        return _dictionary_words()[self.parity]


VOCABULARIES: dict[str, Vocabulary] = {
    "train": Vocabulary(
        tuple(_COMMON) + tuple(_TAIL[0::2]), _COMPOUND_A, tuple(_GIVEN2_A), _GIVEN1_A, _POOL_A,
        tuple(_WORDNAMES_A), _MINORITY_A, _ENGLISH_A, _NEG_A, _TEMPLATES_A, _CLASSES_A, _SCHOOLS_A, 0,
        ("集团", "有限公司", "股份有限公司", "科技公司", "（集团）有限公司", "总公司", "实业公司", "集团董事",
         "电子", "科技", "银行", "制药", "汽车", "建设", "食品", "医药", "传媒", "置业", "酒店", "服饰"),
        _SEPS_A, _TAILS_A, 0.35, 0,
    ),
    "test": Vocabulary(
        tuple(_COMMON) + tuple(_TAIL[1::2]), _COMPOUND_B, tuple(_GIVEN2_B), _GIVEN1_B, _POOL_B,
        tuple(_WORDNAMES_B), _MINORITY_B, _ENGLISH_B, _NEG_B, _TEMPLATES_B, _CLASSES_B, _SCHOOLS_B, 1,
        ("控股", "公司", "电器", "药业", "集团有限公司", "(控股)", "能源", "物流公司"),
        _SEPS_B, _TAILS_B, 0.1, 2,
    ),
}

# The tune split: its own template wordings (`_TEMPLATES_T`) and new names
# (another third of the character pool, other name-words, other curated given
# names), so that choices made on it reward generalising to unseen names and contexts.
VOCABULARIES["tune"] = replace(
    VOCABULARIES["train"], given2=tuple(_GIVEN2_T), given1=_GIVEN1_T, pool=_POOL_T,
    wordnames=tuple(_WORDNAMES_T), wordname_rate=0.1, pool_part=1, templates=_TEMPLATES_T,
)

# The sealed split: new names, words, wordings and negatives (bench.schoolcorpus_sealed),
# the single-character surnames of both other splits, the test split's rates.
VOCABULARIES["sealed"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _sealed.COMPOUND_S, tuple(_sealed.GIVEN2_S), _sealed.GIVEN1_S, _sealed.POOL_S,
    tuple(_sealed.WORDNAMES_S), _sealed.MINORITY_S, _sealed.ENGLISH_S, _sealed.NEG_S, _sealed.TEMPLATES_S,
    _sealed.CLASSES_S, _sealed.SCHOOLS_S, 1, _sealed.ORG_SUFFIXES_S, _sealed.SEPS_S, _sealed.TAILS_S, 0.1, 3,
    _sealed.CUES_S, (100, 300),
)

# The blind split: new names, words, wordings and negatives again (bench.schoolcorpus_blind),
# disjoint from all four splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["blind"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _blind.COMPOUND_B, tuple(_blind.GIVEN2_B), _blind.GIVEN1_B, _blind.POOL_B,
    tuple(_blind.WORDNAMES_B), _blind.MINORITY_B, _blind.ENGLISH_B, _blind.NEG_B, _blind.TEMPLATES_B,
    _blind.CLASSES_B, _blind.SCHOOLS_B, 1, _blind.ORG_SUFFIXES_B, _blind.SEPS_B, _blind.TAILS_B, 0.1, 4,
    _blind.CUES_B, _blind.WORD_FREQ_B, _blind.COMPOUND_RATE_B,
)

# The final split: new names, words, wordings and negatives once more (bench.schoolcorpus_final),
# disjoint from all five splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["final"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _final.COMPOUND_F, tuple(_final.GIVEN2_F), _final.GIVEN1_F, _final.POOL_F,
    tuple(_final.WORDNAMES_F), _final.MINORITY_F, _final.ENGLISH_F, _final.NEG_F, _final.TEMPLATES_F,
    _final.CLASSES_F, _final.SCHOOLS_F, 1, _final.ORG_SUFFIXES_F, _final.SEPS_F, _final.TAILS_F, 0.1, 5,
    _final.CUES_F, _final.WORD_FREQ_F, _final.COMPOUND_RATE_F,
)

# The fresh split: new names, words, wordings and negatives once more (bench.schoolcorpus_fresh),
# disjoint from all six splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["fresh"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _fresh.COMPOUND_FR, tuple(_fresh.GIVEN2_FR), _fresh.GIVEN1_FR, _fresh.POOL_FR,
    tuple(_fresh.WORDNAMES_FR), _fresh.MINORITY_FR, _fresh.ENGLISH_FR, _fresh.NEG_FR, _fresh.TEMPLATES_FR,
    _fresh.CLASSES_FR, _fresh.SCHOOLS_FR, 1, _fresh.ORG_SUFFIXES_FR, _fresh.SEPS_FR, _fresh.TAILS_FR, 0.1, 6,
    _fresh.CUES_FR, _fresh.WORD_FREQ_FR, _fresh.COMPOUND_RATE_FR,
)

_SLOT = re.compile(r"\{(\w)\}")


@lru_cache(maxsize=1)
def _dictionary_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """jieba's frequent 2–3 character words (not tagged as names) that begin with a
    single-character surname, split in two by CRC-32 parity."""
    import os
    import zlib

    import jieba

    from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

    halves: tuple[list[str], list[str]] = ([], [])
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if tag.startswith("nr"):
                continue
            common = 2 <= len(word) <= 3 and word[0] in SINGLE_SURNAMES and int(freq) >= 300
            # 东方红, 百里挑一, 第五届: words that begin with a compound surname.
            compound = 3 <= len(word) <= 4 and word[:2] in COMPOUND_SURNAMES and int(freq) >= 20
            if common or compound:
                halves[zlib.crc32(word.encode()) & 1].append(word)
    return tuple(sorted(halves[0])), tuple(sorted(halves[1]))


@lru_cache(maxsize=4)
def _rare_words(low: int, high: int) -> tuple[str, ...]:
    """jieba's 2–3 character words (not tagged as names) that begin with a
    single-character surname and whose frequency is in [low, high) (below either half
    of `_dictionary_words`), minus every split's name-words and those halves."""
    import os

    import jieba

    from detectors.models.surnames import SINGLE_SURNAMES

    names = set(_WORDNAMES_A + _WORDNAMES_B + _WORDNAMES_T + _sealed.WORDNAMES_S + _blind.WORDNAMES_B
                + _final.WORDNAMES_F + _fresh.WORDNAMES_FR)
    names.update(*_dictionary_words())  # 欧阳天: a compound-surname word of the other halves
    out: list[str] = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if (not tag.startswith("nr") and 2 <= len(word) <= 3 and word[0] in SINGLE_SURNAMES
                    and low <= int(freq) < high and word not in names):
                out.append(word)
    return tuple(sorted(out))


def _surname(rng: random.Random, v: Vocabulary) -> str:
    if rng.random() < v.compound_rate:
        return rng.choice(v.compound)
    # Zipf-like: common surnames much more often than the tail.
    if rng.random() < 0.6:
        return rng.choice(v.surnames[:20])
    return rng.choice(v.surnames[20:])


# A name that is also a word (马力) is only a name when the context says so.
_CUE_BEFORE = ("学生", "同学", "组长", "班长", "队员", "我叫", "叫", "叫做", "名叫", "姓名", "姓名：", "家长：", "家长",
               "申请人：", "监护人", "本人", "该生", "孩子", "户名", "账户名", "委员", "副班长")


def _name(rng: random.Random, v: Vocabulary, cued: bool = False) -> tuple[str, str]:
    """(name, kind): kind is word, minority, compound, single (one-character given
    name) or common; the benchmark reports recall per kind."""
    r = rng.random()
    if cued and r < v.wordname_rate:
        return rng.choice(v.wordnames), "word"
    if r < 0.02:
        return rng.choice(v.minority), "minority"
    sur = _surname(rng, v)
    kind = "compound" if len(sur) == 2 else "common"
    pool = _given_pool()[v.pool_part]
    r = rng.random()
    if r < 0.3:
        return sur + rng.choice(v.given2), kind
    if r < 0.45:
        return sur + rng.choice(v.pool) + rng.choice(v.pool), kind
    if r < 0.8:
        return sur + rng.choice(pool) + rng.choice(pool), kind
    single = rng.choice(v.given1) if rng.random() < 0.4 else rng.choice(pool)
    return sur + single, "single" if kind == "common" else kind


# Characters common in modern given names (a hand list of everyday name
# characters, in no particular order); split in three by position.
_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文林兰飞斌宇浩凯健俊帆帅旭宁龙波晨阳"
    "鑫鸿海瑞国峰成东亮志春晓梅琳颖婷倩雪琦欣怡涵萱轩梓子思雨嘉佳诗梦雅琪悦瑶彤妍晴菲蕾露薇莉佩珊珍珠燕"
    "凤莲翠雯璐晶慧惠淑贤婉柔嫣琴韵乐心语诺然泽睿博铭哲鸣远航宏昊天逸晗煜宸皓翔骏豪霖楷毅锐锋坤岩松柏森"
    "桐楠芸茜荣蓉蔚蓓馨岚昕曦烨熙灿炜钰锦铮钧新信仁义礼智德正忠安康福禄喜庆祥吉贵富昌盛兴旺达伦维绍继"
    "承廷弘振家民生力立山川江云霜月星光辰启开创业永长青秋冬夏琛瑜璇瑾珂璟婧媛姝娅妮婕姗婵嫦玮玲珑琼瑛"
    "璋瑶瑗璞瀚澜润涌淳清源沛洁潇滢湘渝溪沐澄浚洲翊翱羽翰耀炫焕灵秀巧颜容若芊芷苒茹荷莹蓝菁萌蒙蓁"
)


@lru_cache(maxsize=1)
def _given_pool() -> tuple[tuple[str, ...], ...]:
    """Given-name characters in three disjoint thirds (train, tune, test), and the
    sealed, blind, final and fresh splits' own characters: each split draws most generated
    given names from its own part."""
    chars = tuple(dict.fromkeys(_NAME_CHARS))
    return (chars[0::3], chars[1::3], chars[2::3], tuple(dict.fromkeys(_sealed.NAME_CHARS_S)),
            tuple(dict.fromkeys(_blind.NAME_CHARS_B)), tuple(dict.fromkeys(_final.NAME_CHARS_F)),
            tuple(dict.fromkeys(_fresh.NAME_CHARS_FR)))


def _render(template: str, rng: random.Random, v: Vocabulary, used: set[str]) -> tuple[str, list[Span]]:
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    last = 0
    for m in _SLOT.finditer(template):
        out.append(template[last : m.start()])
        pos += m.start() - last
        last = m.end()
        slot = m.group(1)
        gold = slot in "ne"
        tag = ""
        if slot == "n":
            cued = template[: m.start()].rstrip(":： 是叫为，").endswith(_CUE_BEFORE + _CUES + v.cue_words)
            value, tag = _name(rng, v, cued)
            while value in used and len(used) < 50:
                value, tag = _name(rng, v, cued)
            used.add(value)
        elif slot == "e":
            value, tag = rng.choice(v.english), "english"
        elif slot == "c":
            value = rng.choice(v.classes)
        elif slot == "s":
            value = rng.choice(v.schools)
        elif slot == "t":
            value = rng.choice(v.negatives["title"])
        elif slot == "w":
            value = rng.choice(v.words)
        elif slot == "o":
            # A company named like a person (马钢, 东方日升): not a name.
            value = _surname(rng, v) + "".join(rng.choice(v.pool) for _ in range(rng.randint(1, 2))) \
                + rng.choice(v.org_suffixes)
        else:
            kind = rng.choice(sorted(k for k in v.negatives if k != "title"))
            value = rng.choice(v.negatives[kind])
        if gold:
            spans.append(Span("PERSON", pos, pos + len(value), value, tag))
        out.append(value)
        pos += len(value)
    out.append(template[last:])
    return "".join(out), spans


def generate(split: str, n: int, seed: int | None = None) -> list[Sample]:
    """`n` labelled texts of the `train`, `tune`, `test`, `sealed`, `blind`, `final` or `fresh`
    vocabulary (each with its own default seed). About one text in six is a hard negative without a name."""
    v = VOCABULARIES[split]
    seeds = {"train": TRAIN_SEED, "tune": TUNE_SEED, "test": TEST_SEED, "sealed": SEALED_SEED, "blind": BLIND_SEED,
             "final": FINAL_SEED, "fresh": FRESH_SEED}
    rng = random.Random(seeds[split] if seed is None else seed)
    situations: Sequence[str] = sorted(v.templates)
    out: list[Sample] = []
    for i in range(n):
        situation = rng.choice(situations)
        if rng.random() < 0.15:  # a line introducing someone by a role word
            situation = "cue_line"
            cue = rng.choice(v.cues)
            parts = [cue + rng.choice(v.seps) + "{n}" + rng.choice(v.tails)]
        else:
            parts = [rng.choice(v.templates[situation])]
        if rng.random() < 0.3:  # two situations in one prompt
            parts.append(rng.choice(v.templates[rng.choice(situations)]))
        text = ""
        spans: list[Span] = []
        used: set[str] = set()
        for part in parts:
            piece, piece_spans = _render(part, rng, v, used)
            sep = "\n" if text else ""
            offset = len(text) + len(sep)
            spans += [Span(s.entity, s.start + offset, s.end + offset, s.text, s.tag) for s in piece_spans]
            text += sep + piece
        out.append(Sample(f"school_{split}", str(i), text, tuple(spans), frozenset({"PERSON"}), situation))
    return out
