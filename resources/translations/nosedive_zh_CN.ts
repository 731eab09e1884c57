<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Nosedive</source>
        <translation>急转直下</translation>
    </message>
    <message>
        <source>Drag</source>
        <translation>拖累</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>rate the people around you</source>
        <translation>给身边的人打分</translation>
    </message>
    <message>
        <source>Finding the room…</source>
        <translation>正在寻找房间…</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>{round} · until {time}</source>
        <translation>{round} · 至 {time}</translation>
    </message>
    <message>
        <source>You fell into {grade}. People will see it.</source>
        <translation>你跌入了「{grade}」。大家都会看到。</translation>
    </message>
    <message>
        <source>You rose out of the lowest grade.</source>
        <translation>你摆脱了最低等级。</translation>
    </message>
    <message>
        <source>Welcome to Nosedive</source>
        <translation>欢迎来到急转直下</translation>
    </message>
    <message>
        <source>Who are you?</source>
        <translation>你是谁？</translation>
    </message>
    <message>
        <source>Your display name</source>
        <translation>你的显示名</translation>
    </message>
    <message>
        <source>Choose picture…</source>
        <translation>选择头像…</translation>
    </message>
    <message>
        <source>Rooms on this network</source>
        <translation>本网络中的房间</translation>
    </message>
    <message>
        <source>Looking for rooms… (none yet)</source>
        <translation>正在寻找房间…（暂无）</translation>
    </message>
    <message>
        <source>…or open a new room, e.g. Class 5B</source>
        <translation>…或新开一个房间，例如：五年级二班</translation>
    </message>
    <message>
        <source>Rules for the new room</source>
        <translation>新房间的规则</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Choose a picture</source>
        <translation>选择一张图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Could not read that picture ({reason}); choose another one.</source>
        <translation>无法读取这张图片（{reason}），请换一张。</translation>
    </message>
    <message>
        <source>That picture is larger than {mib} MiB; choose a smaller one.</source>
        <translation>这张图片超过 {mib} MiB，请换一张小一点的。</translation>
    </message>
    <message>
        <source>Choose a PNG or JPEG picture of at most {side}×{side} pixels.</source>
        <translation>请选择不超过 {side}×{side} 像素的 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <source>Choose a display name first.</source>
        <translation>请先起一个显示名。</translation>
    </message>
    <message>
        <source>Give the new room a name.</source>
        <translation>请给新房间起个名字。</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Play sounds</source>
        <translation>播放提示音</translation>
    </message>
    <message>
        <source>Mute the whole room</source>
        <translation>全场静音</translation>
    </message>
    <message>
        <source>Signed as a rule change: every app in the room goes quiet</source>
        <translation>作为规则变更签发：房间里所有应用都将静音</translation>
    </message>
    <message>
        <source>LOCKED BY A LIST</source>
        <translation>被名单锁定</translation>
    </message>
    <message>
        <source>OPEN · THANKS TO A LIST</source>
        <translation>开放 · 因名单而开</translation>
    </message>
    <message>
        <source>OPEN · thanks to friends</source>
        <translation>已开放 · 多亏好友</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>已开放</translation>
    </message>
    <message>
        <source>LOCKED BY YOUR FRIENDS</source>
        <translation>被好友拖累锁定</translation>
    </message>
    <message>
        <source>LOCKED</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>{door} is open to you now</source>
        <translation>「{door}」现在向你开放了</translation>
    </message>
    <message>
        <source>{door} is locked by your friends: without them it would be open</source>
        <translation>「{door}」被你的好友拖累锁定：没有他们本该开放</translation>
    </message>
    <message>
        <source>{door} is locked now (and would be without your friends too)</source>
        <translation>「{door}」现已锁定（没有好友也一样）</translation>
    </message>
    <message>
        <source>{door} closed to you</source>
        <translation>「{door}」对你关闭了</translation>
    </message>
    <message>
        <source>ACCESS</source>
        <translation>特权</translation>
    </message>
    <message>
        <source>from {threshold} · {distance} to spare</source>
        <translation>门槛 {threshold} · 富余 {distance}</translation>
    </message>
    <message>
        <source>from {threshold} · {distance} to go</source>
        <translation>门槛 {threshold} · 还差 {distance}</translation>
    </message>
    <message>
        <source>Waiting for the facilitator to let you in</source>
        <translation>等待主持人放你进来</translation>
    </message>
    <message>
        <source>The facilitator expelled you from this room: your ratings and friendships no longer count</source>
        <translation>主持人已将你逐出本房间：你的评分和好友关系不再计入</translation>
    </message>
    <message>
        <source>Expel {name}?</source>
        <translation>逐出 {name}？</translation>
    </message>
    <message>
        <source>Expel {name}? None of their ratings or friendships will count, and everyone&apos;s node closes their connection.</source>
        <translation>逐出 {name}？其评分和好友关系都将作废，所有人的节点都会断开与其的连接。</translation>
    </message>
    <message>
        <source>Let {name} in</source>
        <translation>放 {name} 进来</translation>
    </message>
    <message>
        <source>Expel {name}</source>
        <translation>逐出 {name}</translation>
    </message>
    <message>
        <source>Let in</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>Expel</source>
        <translation>逐出</translation>
    </message>
    <message>
        <source>{label} (facilitator)</source>
        <translation>{label}（主持人）</translation>
    </message>
    <message>
        <source>facilitator</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Who is here</source>
        <translation>在场的人</translation>
    </message>
    <message>
        <source>Hide those who left</source>
        <translation>隐藏已离开的人</translation>
    </message>
    <message>
        <source>Waiting to be let in</source>
        <translation>等待放行</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离开</translation>
    </message>
    <message>
        <source>Really expel?</source>
        <translation>确定逐出？</translation>
    </message>
    <message>
        <source>Facilitator console</source>
        <translation>主持人控制台</translation>
    </message>
    <message>
        <source>Join code</source>
        <translation>加入码</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>No round yet: rating is open</source>
        <translation>尚未开始任何一轮：可以评分</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>no countdown</source>
        <translation>不倒计时</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Tell the room</source>
        <translation>通告全场</translation>
    </message>
    <message>
        <source>An announcement everyone sees</source>
        <translation>所有人都能看到的公告</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Switch rules</source>
        <translation>切换规则</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Projector view</source>
        <translation>投影视图</translation>
    </message>
    <message>
        <source>Export debrief</source>
        <translation>导出复盘</translation>
    </message>
    <message>
        <source>{label}: rating is open</source>
        <translation>{label}：评分进行中</translation>
    </message>
    <message>
        <source>{label}: paused</source>
        <translation>{label}：已暂停</translation>
    </message>
    <message>
        <source>{label}: ended</source>
        <translation>{label}：已结束</translation>
    </message>
    <message>
        <source>Round {n}</source>
        <translation>第 {n} 轮</translation>
    </message>
    <message>
        <source>custom rules</source>
        <translation>自定义规则</translation>
    </message>
    <message>
        <source>Written to {folder}</source>
        <translation>已写入 {folder}</translation>
    </message>
    <message>
        <source>Nosedive debrief</source>
        <translation>急转直下 · 复盘</translation>
    </message>
    <message>
        <source>Gathering what happened…</source>
        <translation>正在汇总发生的一切…</translation>
    </message>
    <message>
        <source>1  Leaderboard</source>
        <translation>1  排行榜</translation>
    </message>
    <message>
        <source>2  Who rated whom</source>
        <translation>2  谁给谁打分</translation>
    </message>
    <message>
        <source>3  Explain</source>
        <translation>3  解释</translation>
    </message>
    <message>
        <source>4  What if</source>
        <translation>4  假如</translation>
    </message>
    <message>
        <source>Everyone&apos;s score over the session</source>
        <translation>本场每个人的分数变化</translation>
    </message>
    <message>
        <source>Who rated whom: the stars that count</source>
        <translation>谁给谁打分：计入的星级</translation>
    </message>
    <message>
        <source>{rules} · {people} people · {ratings} ratings · {minutes} minutes</source>
        <translation>{rules} · {people} 人 · {ratings} 次评分 · {minutes} 分钟</translation>
    </message>
    <message>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <source>No key moments yet: nobody fell, nobody dropped a friend.</source>
        <translation>还没有关键时刻：没人跌落，也没人删好友。</translation>
    </message>
    <message>
        <source>Doors locked by friends</source>
        <translation>被好友拖累锁上的特权</translation>
    </message>
    <message>
        <source>{person}: {door}, pulled down by {friends}</source>
        <translation>{person}：「{door}」，被 {friends} 拖累</translation>
    </message>
    <message>
        <source>No friend kept anyone&apos;s door shut.</source>
        <translation>没有人因好友而失去特权。</translation>
    </message>
    <message>
        <source>What the facilitator did</source>
        <translation>主持人做了什么</translation>
    </message>
    <message>
        <source>{minute} min  {text}</source>
        <translation>第 {minute} 分钟  {text}</translation>
    </message>
    <message>
        <source>No rounds, rule changes or announcements.</source>
        <translation>没有轮次、规则变更或公告。</translation>
    </message>
    <message>
        <source>YOUR FRIENDS&apos; PULL</source>
        <translation>好友对你的拖累</translation>
    </message>
    <message>
        <source>{name} · {group}</source>
        <translation>{name} · {group}</translation>
    </message>
    <message>
        <source>…and {count} more: each group&apos;s card in Groups lists them all</source>
        <translation>…还有 {count} 条：群组页的每张卡片都列出了全部</translation>
    </message>
    <message>
        <source>…and {count} more: each line of the picture shows its pull</source>
        <translation>……还有 {count} 位：图中每条线都标出了其拉力</translation>
    </message>
    <message>
        <source>WHO PULLS ON YOU</source>
        <translation>谁在拖累你</translation>
    </message>
    <message>
        <source>Befriend someone to see how their score pulls on yours.</source>
        <translation>加个好友，看看对方的分数如何牵动你的分数。</translation>
    </message>
    <message>
        <source>drags you down</source>
        <translation>把你往下拉</translation>
    </message>
    <message>
        <source>lifts you up</source>
        <translation>把你往上拉</translation>
    </message>
    <message>
        <source>does not move you</source>
        <translation>对你没有影响</translation>
    </message>
    <message>
        <source>{name} {direction} {drag}. Without {name} you would be {score}</source>
        <translation>{name} {direction} {drag}。没有 {name}，你将是 {score}</translation>
    </message>
    <message>
        <source> — {doors} would open</source>
        <translation> — 「{doors}」将会开放</translation>
    </message>
    <message>
        <source> — {doors} would close</source>
        <translation> — 「{doors}」将会关闭</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>本场</translation>
    </message>
    <message>
        <source>Debrief on the projector</source>
        <translation>投影复盘</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Someone new</source>
        <translation>新来的人</translation>
    </message>
    <message>
        <source>you</source>
        <translation>你</translation>
    </message>
    <message>
        <source>someone new</source>
        <translation>新来的人</translation>
    </message>
    <message>
        <source>{who} rated {whom} {stars}{note}</source>
        <translation>{who} 给 {whom} 打了 {stars}{note}</translation>
    </message>
    <message>
        <source>befriended</source>
        <translation>加为好友</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>移出好友</translation>
    </message>
    <message>
        <source>{who} {verb} {whom}</source>
        <translation>{who} 把 {whom}{verb}</translation>
    </message>
    <message>
        <source>{who} joined the room</source>
        <translation>{who} 加入了房间</translation>
    </message>
    <message>
        <source>LIVE FEED</source>
        <translation>实时动态</translation>
    </message>
    <message>
        <source>{old} is now called {new}</source>
        <translation>{old} 改名为 {new}</translation>
    </message>
    <message>
        <source>{who} updated their profile</source>
        <translation>{who} 更新了资料</translation>
    </message>
    <message>
        <source>{name} is the facilitator</source>
        <translation>{name} 是主持人</translation>
    </message>
    <message>
        <source>YOUR SCORE OVER TIME</source>
        <translation>你的信用分走势</translation>
    </message>
    <message>
        <source>{room} · {labels}</source>
        <translation>{room} · {labels}</translation>
    </message>
    <message>
        <source>ratings {base} · friends {drag} → {final}</source>
        <translation>评分 {base} · 好友 {drag} → {final}</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>You are {grade}: {description}</source>
        <translation>你是「{grade}」：{description}</translation>
    </message>
    <message>
        <source>You are {grade}</source>
        <translation>你是「{grade}」</translation>
    </message>
    <message>
        <source>{when} · From the facilitator: {text}</source>
        <translation>{when} · 主持人通告：{text}</translation>
    </message>
    <message>
        <source>Rating is closed for now</source>
        <translation>评分暂时关闭</translation>
    </message>
    <message>
        <source>Press N or right-click to rate with a note</source>
        <translation>按 N 或右键点击，附言评分</translation>
    </message>
    <message>
        <source>{name} (you)</source>
        <translation>{name}（你）</translation>
    </message>
    <message>
        <source>, facilitator</source>
        <translation>，主持人</translation>
    </message>
    <message>
        <source>Friendship with {name}</source>
        <translation>与 {name} 的好友关系</translation>
    </message>
    <message>
        <source>Friend ✓</source>
        <translation>好友 ✓</translation>
    </message>
    <message>
        <source>+ Friend</source>
        <translation>+ 好友</translation>
    </message>
    <message>
        <source>● here</source>
        <translation>● 在场</translation>
    </message>
    <message>
        <source>○ left · offline</source>
        <translation>○ 已离开 · 离线</translation>
    </message>
    <message>
        <source> · friend</source>
        <translation> · 好友</translation>
    </message>
    <message>
        <source> · waiting for them to add you</source>
        <translation> · 等待对方加你</translation>
    </message>
    <message>
        <source> · wants to be your friend</source>
        <translation> · 想加你为好友</translation>
    </message>
    <message>
        <source>PEOPLE</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Hide who left</source>
        <translation>隐藏已离开的人</translation>
    </message>
    <message>
        <source>PEOPLE · {here} HERE · {left} LEFT</source>
        <translation>成员 · {here} 人在场 · {left} 人离开</translation>
    </message>
    <message>
        <source>PEOPLE · {count} HERE</source>
        <translation>成员 · {count} 人在场</translation>
    </message>
    <message>
        <source>overturned on appeal</source>
        <translation>申诉后撤销</translation>
    </message>
    <message>
        <source>appealed, decided no earlier than {time}</source>
        <translation>已申诉，最早于 {time} 裁决</translation>
    </message>
    <message>
        <source>waiting for confirmation</source>
        <translation>等待确认</translation>
    </message>
    <message>
        <source>in force from {time}</source>
        <translation>自 {time} 起生效</translation>
    </message>
    <message>
        <source>in force until {time}</source>
        <translation>生效至 {time}</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>does not lower a protected person</source>
        <translation>不会降低受保护者的分数</translation>
    </message>
    <message>
        <source>; appeal rejected</source>
        <translation>；申诉被驳回</translation>
    </message>
    <message>
        <source>by {who}</source>
        <translation>由 {who}</translation>
    </message>
    <message>
        <source>by {who}, an information collector</source>
        <translation>由信息员 {who}</translation>
    </message>
    <message>
        <source>in a complaint by {who}</source>
        <translation>由 {who} 投诉</translation>
    </message>
    <message>
        <source>reported {filed} at {time}</source>
        <translation>{filed}于 {time} 举报</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min left</source>
        <translation>剩余 {h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m}:{s:02d} left</source>
        <translation>剩余 {m}:{s:02d}</translation>
    </message>
    <message>
        <source>low ratings count double</source>
        <translation>低分按双倍计</translation>
    </message>
    <message>
        <source>starts at {time}</source>
        <translation>{time} 开始</translation>
    </message>
    <message>
        <source>ended at {time}</source>
        <translation>已于 {time} 结束</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <source>collector</source>
        <translation>信息员</translation>
    </message>
    <message>
        <source>REPORT SOMEONE</source>
        <translation>举报他人</translation>
    </message>
    <message>
        <source>This room&apos;s rules list no acts to report.</source>
        <translation>本房间的规则没有列出可举报的行为。</translation>
    </message>
    <message>
        <source>Whom to report</source>
        <translation>举报谁</translation>
    </message>
    <message>
        <source>The act</source>
        <translation>行为</translation>
    </message>
    <message>
        <source>note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>举报</translation>
    </message>
    <message>
        <source>MY RECORDS</source>
        <translation>我的记录</translation>
    </message>
    <message>
        <source>Nobody has reported you.</source>
        <translation>没有人举报过你。</translation>
    </message>
    <message>
        <source>MY PENALTIES</source>
        <translation>我的处罚</translation>
    </message>
    <message>
        <source>No penalty on you.</source>
        <translation>你没有受到处罚。</translation>
    </message>
    <message>
        <source>COMPLAINTS TO CONFIRM</source>
        <translation>待确认的投诉</translation>
    </message>
    <message>
        <source>No complaint waits for confirmation.</source>
        <translation>没有待确认的投诉。</translation>
    </message>
    <message>
        <source>APPEALS TO DECIDE</source>
        <translation>待裁决的申诉</translation>
    </message>
    <message>
        <source>No appeal waits for a ruling.</source>
        <translation>没有待裁决的申诉。</translation>
    </message>
    <message>
        <source>WHO HOLDS WHICH ROLE</source>
        <translation>谁担任什么角色</translation>
    </message>
    <message>
        <source>Nobody holds a role.</source>
        <translation>没有人担任角色。</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Uphold</source>
        <translation>维持</translation>
    </message>
    <message>
        <source>Overturn</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Holds a role the facilitator granted: {roles}</source>
        <translation>担任主持人授予的角色：{roles}</translation>
    </message>
    <message>
        <source>peer address, e.g. 192.168.1.20:41234</source>
        <translation>对端地址，例如 192.168.1.20:41234</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Room: {name}</source>
        <translation>房间：{name}</translation>
    </message>
    <message>
        <source>no peer connected</source>
        <translation>未连接任何节点</translation>
    </message>
    <message>
        <source>1 peer connected</source>
        <translation>已连接 1 个节点</translation>
    </message>
    <message>
        <source>{count} peers connected</source>
        <translation>已连接 {count} 个节点</translation>
    </message>
    <message>
        <source>1 message</source>
        <translation>1 条消息</translation>
    </message>
    <message>
        <source>{count} messages</source>
        <translation>{count} 条消息</translation>
    </message>
    <message>
        <source>This machine: {address}</source>
        <translation>本机：{address}</translation>
    </message>
    <message>
        <source>catching up: {n} to go</source>
        <translation>同步中：还剩 {n} 条</translation>
    </message>
    <message>
        <source>Waiting for the room…</source>
        <translation>等待房间…</translation>
    </message>
    <message>
        <source>{count} people rated</source>
        <translation>{count} 人打过分</translation>
    </message>
    <message>
        <source>SHAME WALL</source>
        <translation>曝光墙</translation>
    </message>
    <message>
        <source>RED LIST</source>
        <translation>红名单</translation>
    </message>
    <message>
        <source>Your history starts with your first rating.</source>
        <translation>收到第一个评分后，这里会开始记录你的历史。</translation>
    </message>
    <message>
        <source>Rate from 1 to 5 stars</source>
        <translation>打 1 到 5 星</translation>
    </message>
    <message>
        <source>Click a star, or press 1–5</source>
        <translation>点击星星，或按 1–5</translation>
    </message>
    <message>
        <source>I&apos;m new here</source>
        <translation>我是新来的</translation>
    </message>
    <message>
        <source>Everyone here rates everyone. Take a seat.</source>
        <translation>在这里，人人给人人打分。请坐。</translation>
    </message>
    <message>
        <source>TOP OF THE ROOM</source>
        <translation>全场最高</translation>
    </message>
    <message>
        <source>BOTTOM OF THE ROOM</source>
        <translation>全场垫底</translation>
    </message>
    <message>
        <source>Nobody has been rated yet. Be the first.</source>
        <translation>还没有人被打过分。来做第一个吧。</translation>
    </message>
    <message>
        <source>Welcome. Who are you today?</source>
        <translation>欢迎。今天的你是谁？</translation>
    </message>
    <message>
        <source>Everyone in the room will see this name and face, and rate you.</source>
        <translation>房间里的每个人都会看到这个名字和这张脸，并给你打分。</translation>
    </message>
    <message>
        <source>The kiosk code, please (ask the facilitator)</source>
        <translation>请输入自助机密码（向主持人询问）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Leave fullscreen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>Quit the kiosk</source>
        <translation>退出自助机</translation>
    </message>
    <message>
        <source>That is not the kiosk code.</source>
        <translation>自助机密码不对。</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>已解锁。</translation>
    </message>
    <message>
        <source>Another face</source>
        <translation>换一张脸</translation>
    </message>
    <message>
        <source>Start rating</source>
        <translation>开始打分</translation>
    </message>
    <message>
        <source>Nosedive kiosk</source>
        <translation>急转直下自助机</translation>
    </message>
    <message>
        <source>Nosedive wall</source>
        <translation>急转直下大屏</translation>
    </message>
    <message>
        <source>The kiosk code is {code} (kept, hashed, in {file}); type it to quit the kiosk or leave fullscreen.</source>
        <translation>自助机密码是 {code}（已哈希保存在 {file}）；退出自助机或离开全屏时需要输入它。</translation>
    </message>
    <message>
        <source>Largest fall</source>
        <translation>跌得最狠</translation>
    </message>
    <message>
        <source>First into the underclass</source>
        <translation>第一个沦为底层</translation>
    </message>
    <message>
        <source>Dropped a friend to save their score</source>
        <translation>为保分数而抛弃好友</translation>
    </message>
    <message>
        <source>I&apos;m done</source>
        <translation>我结束了</translation>
    </message>
    <message>
        <source>The kiosk is still finding the room; try again in a moment</source>
        <translation>自助机仍在寻找房间，请稍后再试</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>（尚无名称）</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Join code: {code}</source>
        <translation>加入码：{code}</translation>
    </message>
    <message>
        <source>The facilitator&apos;s screen shows the code. You type it once: this computer remembers the room.</source>
        <translation>主持人的屏幕上显示着加入码。只需输入一次：这台电脑会记住这个房间。</translation>
    </message>
    <message>
        <source>The room&apos;s join code, e.g. 7-guitar-harbor</source>
        <translation>房间的加入码，例如 7-guitar-harbor</translation>
    </message>
    <message>
        <source>join code, e.g. 7-guitar-harbor</source>
        <translation>加入码，例如 7-guitar-harbor</translation>
    </message>
    <message>
        <source>{name} — code {plate}-…</source>
        <translation>{name} — 加入码 {plate}-…</translation>
    </message>
    <message>
        <source>{name} — takes no newcomers</source>
        <translation>{name} — 不接受新成员</translation>
    </message>
    <message>
        <source>A note with your rating (optional)</source>
        <translation>随评分附一句话（可选）</translation>
    </message>
    <message>
        <source>Note with the rating</source>
        <translation>评分附言</translation>
    </message>
    <message>
        <source>Pick the stars to send it</source>
        <translation>选择星级即可发送</translation>
    </message>
    <message>
        <source>{count} characters left</source>
        <translation>还可输入 {count} 个字</translation>
    </message>
    <message>
        <source>friend drag</source>
        <translation>好友拖累</translation>
    </message>
    <message>
        <source>rater weights</source>
        <translation>评分者权重</translation>
    </message>
    <message>
        <source>the prior</source>
        <translation>先验</translation>
    </message>
    <message>
        <source>double damage</source>
        <translation>双倍伤害</translation>
    </message>
    <message>
        <source>the elite&apos;s protection</source>
        <translation>精英的保护</translation>
    </message>
    <message>
        <source>Choose other rules, or turn a rule off, to see this session replayed under them.</source>
        <translation>选择另一套规则，或关掉一条规则，看看这场活动在它之下重演的样子。</translation>
    </message>
    <message>
        <source>Other rules:</source>
        <translation>另一套规则：</translation>
    </message>
    <message>
        <source>Other rules</source>
        <translation>另一套规则</translation>
    </message>
    <message>
        <source>This session&apos;s own rules</source>
        <translation>本场活动自己的规则</translation>
    </message>
    <message>
        <source>A policy file…</source>
        <translation>规则文件…</translation>
    </message>
    <message>
        <source>Without:</source>
        <translation>去掉：</translation>
    </message>
    <message>
        <source>Rules to compare with</source>
        <translation>用来比较的规则</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>规则文件 (*.json)</translation>
    </message>
    <message>
        <source>These are the session&apos;s own rules: choose others, or turn a rule off.</source>
        <translation>这就是本场活动自己的规则：请选择另一套，或关掉一条规则。</translation>
    </message>
    <message>
        <source>Scoring the same session again under {rules}…</source>
        <translation>正在按{rules}重新计算同一场活动…</translation>
    </message>
    <message>
        <source>{moved} of {people} people would stand differently; {doors} doors differ. Nothing was signed or sent.</source>
        <translation>{people} 人中有 {moved} 人的处境会不同；{doors} 项特权不同。没有签名，也没有发送任何东西。</translation>
    </message>
    <message>
        <source>This session: {rules}</source>
        <translation>本场活动：{rules}</translation>
    </message>
    <message>
        <source>Under: {rules}</source>
        <translation>假如按：{rules}</translation>
    </message>
    <message>
        <source>What differs, and why</source>
        <translation>有何不同，为什么</translation>
    </message>
    <message>
        <source>Nothing compared yet.</source>
        <translation>还没有比较。</translation>
    </message>
    <message>
        <source>Nobody would stand differently under these rules.</source>
        <translation>在这套规则下，没有人的处境会不同。</translation>
    </message>
    <message>
        <source>…and {n} more: see the export.</source>
        <translation>……还有 {n} 人：见导出文件。</translation>
    </message>
    <message>
        <source>{open}/{total} doors</source>
        <translation>{open}/{total} 项特权</translation>
    </message>
    <message>
        <source>The engine stopped responding and is restarting…</source>
        <translation>引擎没有响应，正在重新启动…</translation>
    </message>
    <message>
        <source>The engine stopped and is restarting…</source>
        <translation>引擎已停止，正在重新启动…</translation>
    </message>
    <message>
        <source>The engine is not running yet; try again in a moment.</source>
        <translation>引擎尚未运行，请稍后再试。</translation>
    </message>
    <message>
        <source>Why this score?</source>
        <translation>为什么是这个分数？</translation>
    </message>
    <message>
        <source>Why this score</source>
        <translation>为什么是这个分数</translation>
    </message>
    <message>
        <source>{score} · {grade}</source>
        <translation>{score} · {grade}</translation>
    </message>
    <message>
        <source>On its lists: {lists}</source>
        <translation>在其名单上：{lists}</translation>
    </message>
    <message>
        <source>No explanation yet: no score.</source>
        <translation>暂无解释：还没有分数。</translation>
    </message>
    <message>
        <source>AGENCIES</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>{agency} {score}</source>
        <translation>{agency} {score}</translation>
    </message>
    <message>
        <source> (on its {lists})</source>
        <translation>（在其{lists}上）</translation>
    </message>
    <message>
        <source>{door} ({agency})</source>
        <translation>{door}（{agency}）</translation>
    </message>
    <message>
        <source>nobody yet</source>
        <translation>还没有人</translation>
    </message>
    <message>
        <source>You were added: join to accept (its members&apos; records will reach you)</source>
        <translation>你被加入了：加入即表示接受（其成员的记录会牵连到你）</translation>
    </message>
    <message>
        <source>You asked to join: waiting for its owner to add you</source>
        <translation>你已申请加入：等待创建者把你加入</translation>
    </message>
    <message>
        <source>You are no longer in it · it still costs you {cost}</source>
        <translation>你已不在其中 · 它仍拖累你 {cost}</translation>
    </message>
    <message>
        <source>You are no longer in it</source>
        <translation>你已不在其中</translation>
    </message>
    <message>
        <source>costs you nothing now</source>
        <translation>目前不影响你</translation>
    </message>
    <message>
        <source>costs you {cost}</source>
        <translation>拖累你 {cost}</translation>
    </message>
    <message>
        <source>lifts you {cost}</source>
        <translation>让你提升 {cost}</translation>
    </message>
    <message>
        <source>Assigned by the facilitator: you cannot leave it.</source>
        <translation>由主持人指派：你不能退出。</translation>
    </message>
    <message>
        <source>Whom to add to the group</source>
        <translation>把谁添加到群组</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>the group&apos;s own score: {score}</source>
        <translation>群组自己的分数：{score}</translation>
    </message>
    <message>
        <source>Members: {names}</source>
        <translation>成员：{names}</translation>
    </message>
    <message>
        <source>Belongs to {group}</source>
        <translation>隶属于 {group}</translation>
    </message>
    <message>
        <source>add someone…</source>
        <translation>添加某人…</translation>
    </message>
    <message>
        <source>Ask to join again</source>
        <translation>再次申请加入</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Fewer</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>All {count} reasons</source>
        <translation>全部 {count} 条原因</translation>
    </message>
    <message>
        <source>INVITATIONS</source>
        <translation>邀请</translation>
    </message>
    <message>
        <source>MY GROUPS</source>
        <translation>我的群组</translation>
    </message>
    <message>
        <source>You are in no group.</source>
        <translation>你不在任何群组中。</translation>
    </message>
    <message>
        <source>You were added to {group}: join or decline it in Groups</source>
        <translation>你被加入了 {group}：请在「群组」里加入或拒绝</translation>
    </message>
    <message>
        <source>You are in {group} now: its members&apos; records reach you</source>
        <translation>你现在属于 {group}：其成员的记录会牵连到你</translation>
    </message>
    <message>
        <source>You are out of {group}</source>
        <translation>你已不在 {group} 中</translation>
    </message>
    <message>
        <source>NEW GROUP</source>
        <translation>新建群组</translation>
    </message>
    <message>
        <source>You own the groups you create; whoever you add is in it once they join.</source>
        <translation>你创建的群组归你所有；你加入的人同意后才成为成员。</translation>
    </message>
    <message>
        <source>The kind of group</source>
        <translation>群组类型</translation>
    </message>
    <message>
        <source>The group it belongs to</source>
        <translation>所属群组</translation>
    </message>
    <message>
        <source>its name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>belongs to no group</source>
        <translation>不隶属任何群组</translation>
    </message>
    <message>
        <source>belongs to {group}</source>
        <translation>隶属于 {group}</translation>
    </message>
</context>
</TS>
