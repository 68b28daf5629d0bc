"""The twelfth framing split's own exam items: written for it, in every subject and both
languages, with many items that ask nothing in question form (简述, 赏析, 默写, Translate, essay
prompts) and items that themselves hold past-tense and time words (昨天, 去年, 明天上午, 1978 年),
so that neither a question mark nor a time word tells an item from its framing. Nothing here is
a real paper."""

from __future__ import annotations

__all__ = ["TWELFTH_ITEMS"]

TWELFTH_ITEMS: tuple[str, ...] = (
    # maths
    "已知 sin α = 3/5，α 为第二象限角，求 cos 2α 和 tan(α + π/4) 的值。",
    "小丽昨天读了一本书的 1/4，今天读了余下的 1/3，还剩 120 页没读，这本书共有多少页？",
    "某工厂去年产值 800 万元，今年比去年增长了 15%，明年计划再增长 20%，明年的计划产值是多少万元？",
    "解方程：3(x − 2) = 2x + 7。",
    "如图，在矩形 ABCD 中，AB=6，BC=8，点 E 在 BC 上，且 AE 平分∠BAC，求 BE 的长。",
    "明天上午 8:30 从甲地出发的客车，以每小时 60 千米的速度行驶，下午 1:00 到达乙地，中途休息了半小时，甲乙两地相距多少千米？",
    "计算：(−2)³ + |−5| − √16 × 2⁻¹。",
    "从 1，2，3，4，5 中任取两个不同的数，求两数之和为偶数的概率。",
    "证明：对任意正整数 n，n³ − n 能被 6 整除。",
    "函数 y = log₂(x − 1) 的定义域是（  ）\nA. (0, +∞)  B. (1, +∞)  C. [1, +∞)  D. R",
    "小明上周一存了 50 元，以后每天比前一天多存 5 元，到上周日一共存了多少元？",
    # Chinese language and literature
    "简述《红楼梦》中“宝玉挨打”一回里贾政、王夫人、贾母三人的态度。",
    "赏析杜甫《春夜喜雨》中“随风潜入夜，润物细无声”一联的妙处。",
    "默写李白《行路难》（其一）中表达诗人坚定信念的两句。",
    "默写：（1）________，悠然见南山。（陶渊明《饮酒》）（2）安得广厦千万间，________。（杜甫《茅屋为秋风所破歌》）",
    "以“我们这一代的担当”为话题，写一篇不少于 800 字的议论文。",
    "请以“那年夏天，外婆的蒲扇”为题，写一篇记叙文，字数 600 字以上。",
    "阅读《背影》选段，分析文中四次写“背影”的作用。",
    "把下列文言句子翻译成现代汉语：“吾尝终日而思矣，不如须臾之所学也。”",
    "辨析下列句子的语病并修改：通过这次活动，使我们明白了团结的重要性。",
    "“大漠孤烟直，长河落日圆”描绘的是下列哪个地区的景色（  ）\nA. 江南水乡  B. 西北边塞  C. 东北林海  D. 岭南山区",
    # English
    "Translate the following sentence into English: 昨天我们班去郊外植树，每个人都很开心。",
    "Translate into Chinese: By the time we arrived at the station, the last train had already left.",
    "Write a short essay (about 120 words) entitled \"A Day I Will Never Forget\".",
    "Complete the sentence with the proper tense of the verb: Last summer my family ______ (travel) to Yunnan by train.",
    "—When ______ you ______ the news? —Just this morning.\nA. did; hear  B. have; heard  C. do; hear  D. had; heard",
    "Rewrite the sentence in the passive voice: The students planted two hundred trees last spring.",
    "Describe your favourite festival in about 80 words. Mention when it is, what people eat and what you did last year.",
    # physics, chemistry, biology
    "一辆汽车以 72 km/h 的速度匀速行驶了 10 min，求汽车通过的路程。",
    "简述用天平和量筒测量小石块密度的实验步骤，并写出密度的表达式。",
    "将 10 g 碳酸钙与足量稀盐酸反应，生成二氧化碳多少克？写出化学方程式。（Ca-40 C-12 O-16）",
    "下列变化属于化学变化的是（  ）\nA. 冰雪融化  B. 铁锅生锈  C. 酒精挥发  D. 矿石粉碎",
    "简述人体血液循环中体循环的途径。",
    "某同学去年春天在校园里观察到一株月季，今年开出了与去年不同颜色的花，请从遗传和变异的角度作出解释。",
    # history, geography, politics
    "1919 年 5 月 4 日，北京学生举行示威游行。简述五四运动的历史意义。",
    "1978 年 12 月召开的十一届三中全会作出了什么重大决策？",
    "比较秦朝和汉朝在中央集权制度上的异同。",
    "下列地形区中，位于我国地势第一级阶梯的是（  ）\nA. 四川盆地  B. 青藏高原  C. 华北平原  D. 内蒙古高原",
    "说出影响我国东部季风区降水季节变化的主要因素，并举例说明。",
    "结合所学知识，谈谈青少年应如何抵制网络不良信息。",
    # information technology and the primary years
    "编写一个 Python 函数，输入一个正整数 n，返回 1 到 n 中所有 3 的倍数之和。",
    "把 4.85 千克改写成用“克”作单位的数。",
    "按课文内容填空：“春眠不觉晓，________。夜来风雨声，________。”",
    "用“因为……所以……”造句。",
)
