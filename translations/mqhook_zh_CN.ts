<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminForm</name>
    <message>
        <location filename="../gui/forms/adminform.ui" line="6"/>
        <location filename="../gui/forms/adminform.ui" line="40"/>
        <source>Admin endpoint</source>
        <translation>管理端点</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="58"/>
        <source>Listen on:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="68"/>
        <source>127.0.0.1:9090; empty: off</source>
        <translation>127.0.0.1:9090；留空表示关闭</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="75"/>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="102"/>
        <source>none: only for 127.0.0.1 or localhost; e.g. ${MQHOOK_ADMIN_TOKEN}</source>
        <translation>无：仅限 127.0.0.1 或 localhost；例如 ${MQHOOK_ADMIN_TOKEN}</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="112"/>
        <source>Show the token</source>
        <translation>显示令牌</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="115"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="127"/>
        <source>Events kept:</source>
        <translation>保留的事件数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="137"/>
        <source> events</source>
        <translation> 个事件</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="144"/>
        <source>Payload preview:</source>
        <translation>载荷预览：</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="154"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.ui" line="161"/>
        <source>Most connections:</source>
        <translation>最多连接数：</translation>
    </message>
</context>
<context>
    <name>AdminTarget</name>
    <message>
        <location filename="../core/service/admintarget.cpp" line="36"/>
        <source>--url: expected the admin endpoint as http://HOST:PORT, got &quot;%1&quot;</source>
        <translation>--url：管理端点应为 http://HOST:PORT，实际为 &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../core/service/admintarget.cpp" line="50"/>
        <source>Give --url, or fix the configuration: its admin.listen says where the service listens.</source>
        <translation>请给出 --url，或修正配置：其 admin.listen 指明服务监听的地址。</translation>
    </message>
    <message>
        <location filename="../core/service/admintarget.cpp" line="59"/>
        <source>%1: admin.listen is not set, so the service has no admin endpoint; set it (e.g. &quot;127.0.0.1:9090&quot;) or give --url.</source>
        <translation>%1：未设置 admin.listen，服务没有管理端点；请设置它（例如 &quot;127.0.0.1:9090&quot;）或给出 --url。</translation>
    </message>
    <message>
        <location filename="../core/service/admintarget.cpp" line="98"/>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>意外的参数 &quot;%1&quot;。</translation>
    </message>
</context>
<context>
    <name>AttachDialog</name>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="6"/>
        <source>Attach to a Service</source>
        <translation>连接到服务</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="18"/>
        <source>Watch a running mqhook through its admin endpoint: its messages, topics, errors and dead letters show in this window.</source>
        <translation>通过管理端点观察一个正在运行的 mqhook：它的消息、主题、错误和死信都显示在这个窗口里。</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="42"/>
        <source>Admin URL:</source>
        <translation>管理地址：</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="52"/>
        <source>http://127.0.0.1:9090</source>
        <translation>http://127.0.0.1:9090</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="59"/>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="72"/>
        <source>admin.token of the service; empty when it has none</source>
        <translation>服务的 admin.token；没有时留空</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.ui" line="79"/>
        <source>Keep the token in the OS keychain</source>
        <translation>把令牌保存在系统钥匙串中</translation>
    </message>
</context>
<context>
    <name>BrokerForm</name>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="6"/>
        <source>Broker connection</source>
        <translation>代理连接</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="40"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="58"/>
        <source>Client ID:</source>
        <translation>客户端 ID：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="68"/>
        <source>assigned by the broker when empty</source>
        <translation>留空时由代理分配</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="75"/>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="85"/>
        <source>broker.example.com or 10.0.0.5</source>
        <translation>broker.example.com 或 10.0.0.5</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="92"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="105"/>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="118"/>
        <source>WebSocket path:</source>
        <translation>WebSocket 路径：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="131"/>
        <source>MQTT version:</source>
        <translation>MQTT 版本：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="144"/>
        <source>Keepalive:</source>
        <translation>心跳间隔：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="154"/>
        <source>Seconds between pings; 0 switches keepalive off</source>
        <translation>两次心跳之间的秒数；0 表示关闭心跳</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="157"/>
        <location filename="../gui/forms/brokerform.ui" line="478"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="164"/>
        <source>Connect to this broker (a disabled connection is checked, not connected)</source>
        <translation>连接此代理（停用的连接只做校验，不会连接）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="174"/>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="192"/>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="205"/>
        <source>Password is kept:</source>
        <translation>密码保存在：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="218"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="264"/>
        <source>type the password, then Store in keychain</source>
        <translation>输入密码，然后点击“存入钥匙串”</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="274"/>
        <source>Store in keychain</source>
        <translation>存入钥匙串</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="303"/>
        <source>Keychain entry:</source>
        <translation>钥匙串条目：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="310"/>
        <source>The entry of the OS keychain (service &quot;mqhook&quot;) that holds the password</source>
        <translation>保存该密码的系统钥匙串条目（服务“mqhook”）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="336"/>
        <source>Use an environment variable</source>
        <translation>改用环境变量</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="343"/>
        <source>Keep it in the file…</source>
        <translation>保存在文件中…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="384"/>
        <source>A reference to the environment variable the service reads the password from when it starts</source>
        <translation>对环境变量的引用，服务启动时从该变量读取密码</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="413"/>
        <source>no password</source>
        <translation>无密码</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="440"/>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="458"/>
        <source>Start with a clean session (the broker forgets what arrived while mqhook was away)</source>
        <translation>以全新会话开始（代理会丢弃 mqhook 离线期间到达的消息）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="465"/>
        <source>Session expiry:</source>
        <translation>会话过期时间：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="475"/>
        <source>MQTT 5: how long the broker keeps the session after a disconnect</source>
        <translation>MQTT 5：断开连接后代理保留会话的时长</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="485"/>
        <source>Receive maximum:</source>
        <translation>接收最大值：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="495"/>
        <source>MQTT 5: how many QoS 1 and 2 messages the broker may have in flight to mqhook</source>
        <translation>MQTT 5：代理最多可以同时向 mqhook 发送多少条未确认的 QoS 1 和 QoS 2 消息</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="505"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="523"/>
        <source>Connect with TLS</source>
        <translation>使用 TLS 连接</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="530"/>
        <source>CA certificates:</source>
        <translation>CA 证书：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="557"/>
        <source>the system&apos;s when empty</source>
        <translation>留空时使用系统的证书</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="564"/>
        <location filename="../gui/forms/brokerform.ui" line="606"/>
        <location filename="../gui/forms/brokerform.ui" line="648"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="576"/>
        <source>Client certificate:</source>
        <translation>客户端证书：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="618"/>
        <source>Client key:</source>
        <translation>客户端私钥：</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="660"/>
        <source>Do not verify the broker&apos;s certificate (for tests only)</source>
        <translation>不验证代理的证书（仅用于测试）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="670"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="712"/>
        <source>Add route</source>
        <translation>添加路由</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="737"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.ui" line="772"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
</context>
<context>
    <name>BrokersPage</name>
    <message>
        <location filename="../gui/forms/brokerspage.ui" line="6"/>
        <location filename="../gui/forms/brokerspage.ui" line="40"/>
        <source>Broker connections</source>
        <translation>代理连接</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerspage.ui" line="82"/>
        <source>Add broker connection</source>
        <translation>添加代理连接</translation>
    </message>
</context>
<context>
    <name>CallbackForm</name>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="6"/>
        <location filename="../gui/forms/callbackform.ui" line="40"/>
        <source>Callback address</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="58"/>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="78"/>
        <source>Test request</source>
        <translation>测试请求</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="96"/>
        <source>Topic:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="109"/>
        <source>Payload:</source>
        <translation>载荷：</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="143"/>
        <source>Send test request</source>
        <translation>发送测试请求</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="175"/>
        <source>Response headers:</source>
        <translation>响应头：</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.ui" line="195"/>
        <source>Response body:</source>
        <translation>响应正文：</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../core/service/commandline.cpp" line="26"/>
        <source>Exit codes:
  0   success; the service stopped cleanly
  1   runtime error: could not start or keep running (tail, status: the service cannot be reached or refused)
  2   the configuration has errors (each is printed with its place)
  3   dead-letters: no dead letter with the ID given
  64  the command line is wrong
</source>
        <translation>退出码：
  0   成功；服务正常停止
  1   运行错误：无法启动或无法继续运行（tail、status：无法连接服务或被拒绝）
  2   配置有错误（每个错误连同其位置一起打印）
  3   dead-letters：没有给定 ID 的死信
  64  命令行有误
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="81"/>
        <source>Forwards MQTT messages to HTTP(S) endpoints, reliably.

Commands (after the options):
</source>
        <translation>可靠地将 MQTT 消息转发到 HTTP(S) 端点。

命令（写在选项之后）：
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="92"/>
        <source>The configuration file (default: $MQHOOK_CONFIG, or %1).</source>
        <translation>配置文件（默认：$MQHOOK_CONFIG，或 %1）。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="95"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="98"/>
        <source>Run headless, as a service, without windows.</source>
        <translation>无界面运行，作为服务，不显示窗口。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="101"/>
        <source>Validate the configuration, print every error and warning, and exit.</source>
        <translation>校验配置，打印所有错误和警告，然后退出。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="105"/>
        <source>Print the normalized configuration, with every default filled in and passwords redacted, and exit.</source>
        <translation>打印规范化后的配置（填入所有默认值，隐去密码），然后退出。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="110"/>
        <source>Override log_config.level: trace, debug, info, warn or error.</source>
        <translation>覆盖 log_config.level：trace、debug、info、warn 或 error。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="112"/>
        <source>level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="115"/>
        <source>Run the example configuration end to end on this machine: a private mosquitto on a free loopback port, an HTTP endpoint in the process, sample messages forwarded. With a display the window opens with the example loaded and forwarding, one endpoint refusing some requests on purpose; with --no-gui, or without a display, each request is printed as it arrives.</source>
        <translation>在本机端到端运行示例配置：在空闲的回环端口上启动一个私有 mosquitto，在进程内启动一个 HTTP 端点，转发示例消息。有显示器时打开窗口，载入示例并开始转发，其中一个端点会故意拒绝部分请求；使用 --no-gui 或没有显示器时，每个请求到达时都会打印出来。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="155"/>
        <source>--log-level: expected trace, debug, info, warn or error, got &apos;%1&apos;
</source>
        <translation>--log-level：应为 trace、debug、info、warn 或 error，实际为“%1”
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="166"/>
        <source>Unknown command &apos;%1&apos;. See --help.
</source>
        <translation>未知命令“%1”。请参阅 --help。
</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/commandline.cpp" line="182"/>
        <source>%1: %n error(s)</source>
        <translation>
            <numerusform>%1：%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="198"/>
        <source>%1: note: mqtt_brokers[%2].password_keychain: the password of %3 is kept in the OS keychain (service &quot;%4&quot;, entry &quot;%5&quot;); the service reads it when it starts and on reload, and stops with an error naming this connection when it cannot. --check does not read it.</source>
        <translation>%1：提示：mqtt_brokers[%2].password_keychain：%3 的密码保存在系统钥匙串中（服务“%4”，条目“%5”）；服务在启动和重新加载时读取它，读不到时会报错并指明是哪个连接后停止。--check 不会读取它。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="218"/>
        <source>%1: OK (%2 broker connection(s), %3 subscription(s), %4 warning(s))</source>
        <translation>%1：正常（%2 个代理连接，%3 个订阅，%4 个警告）</translation>
    </message>
</context>
<context>
    <name>DeadLetterCommand</name>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="121"/>
        <source>No dead letters.</source>
        <translation>没有死信。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="131"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="131"/>
        <source>TIME</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="132"/>
        <source>ROUTE</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="132"/>
        <source>TARGET</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="133"/>
        <source>TOPIC</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="133"/>
        <source>ATTEMPTS</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="134"/>
        <source>LAST ERROR</source>
        <translation>最后错误</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="136"/>
        <source>%n dead letter(s).</source>
        <translation>
            <numerusform>%n 条死信。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="107"/>
        <source>No dead letter with ID %1.</source>
        <translation>没有 ID 为 %1 的死信。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="147"/>
        <source>Message ID</source>
        <translation>消息 ID</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="148"/>
        <source>Client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="149"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="150"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="151"/>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="152"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="152"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="153"/>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="156"/>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="159"/>
        <source>User property</source>
        <translation>用户属性</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="160"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="161"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="162"/>
        <source>Dead since</source>
        <translation>成为死信的时间</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="163"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="164"/>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="169"/>
        <source>Dead letter %1</source>
        <translation>死信 %1</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="176"/>
        <source>Payload: empty</source>
        <translation>载荷：空</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="178"/>
        <source>Payload (%n byte(s), text):</source>
        <translation>
            <numerusform>载荷（%n 字节，文本）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="183"/>
        <source>Payload (%n byte(s), binary, in hex):</source>
        <translation>
            <numerusform>载荷（%n 字节，二进制，十六进制显示）：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="191"/>
        <source>No attempts recorded.</source>
        <translation>没有尝试记录。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="203"/>
        <source>RUN</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="203"/>
        <source>ATTEMPT</source>
        <translation>尝试</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="204"/>
        <source>STARTED</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="204"/>
        <source>FINISHED</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="205"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="205"/>
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="220"/>
        <source>Usage: mqhook dead-letters COMMAND
  list          list the dead letters
  show ID       show one dead letter: message, payload and every attempt
  retry ID      put one dead letter back to pending
  retry --all   put every dead letter back to pending
  purge         delete every dead letter
Exit codes: 0 done, 1 queue error, 3 no such dead letter, 64 usage error.
</source>
        <translation>用法：mqhook dead-letters 命令
  list          列出死信
  show ID       显示一条死信：消息、载荷和每次尝试
  retry ID      将一条死信放回待投递
  retry --all   将所有死信放回待投递
  purge         删除所有死信
退出码：0 完成，1 队列错误，3 没有该死信，64 用法错误。
</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="234"/>
        <source>No command given.</source>
        <translation>没有给出命令。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="247"/>
        <source>&quot;%1&quot; takes no arguments.</source>
        <translation>“%1”不接受参数。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="251"/>
        <source>&quot;show&quot; needs one ID.</source>
        <translation>“show”需要一个 ID。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="252"/>
        <source>&quot;retry&quot; needs one ID or --all.</source>
        <translation>“retry”需要一个 ID 或 --all。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="259"/>
        <source>&quot;%1&quot; is not a dead letter ID (a positive number).</source>
        <translation>“%1”不是死信 ID（应为正整数）。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="263"/>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation>未知命令“%1”。</translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="267"/>
        <source>queue.mode is &quot;memory&quot;: dead letters live only inside the running mqhook and cannot be managed from here.</source>
        <translation>queue.mode 为“memory”：死信只存在于正在运行的 mqhook 内部，无法在这里管理。</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="289"/>
        <source>Purged %n dead letter(s).</source>
        <translation>
            <numerusform>已清除 %n 条死信。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="290"/>
        <source>%n dead letter(s) back to pending.</source>
        <translation>
            <numerusform>%n 条死信已放回待投递。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="296"/>
        <source>Dead letter %1 is back to pending.</source>
        <translation>死信 %1 已放回待投递。</translation>
    </message>
</context>
<context>
    <name>LogForm</name>
    <message>
        <location filename="../gui/forms/logform.ui" line="6"/>
        <location filename="../gui/forms/logform.ui" line="40"/>
        <source>Logging</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="58"/>
        <source>Level:</source>
        <translation>级别：</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="71"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="81"/>
        <source>relative to the configuration file&apos;s folder</source>
        <translation>相对于配置文件所在的文件夹</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="88"/>
        <source>Rotate at:</source>
        <translation>轮转大小：</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="98"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="105"/>
        <source>Keep for:</source>
        <translation>保留时长：</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="115"/>
        <source>0 keeps rotated files regardless of age</source>
        <translation>0 表示无论多久都保留轮转的文件</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="118"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="125"/>
        <source>Keep files:</source>
        <translation>保留文件数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.ui" line="135"/>
        <source>0 keeps every rotated file</source>
        <translation>0 表示保留所有轮转的文件</translation>
    </message>
</context>
<context>
    <name>QueueDatabase</name>
    <message>
        <location filename="../core/delivery/queuelanes.cpp" line="9"/>
        <location filename="../core/delivery/pendingreader.cpp" line="20"/>
        <source>cannot prepare the queue statements</source>
        <translation>无法准备队列语句</translation>
    </message>
</context>
<context>
    <name>QueueForm</name>
    <message>
        <location filename="../gui/forms/queueform.ui" line="6"/>
        <location filename="../gui/forms/queueform.ui" line="40"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="58"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="68"/>
        <source>queue (below the configuration file&apos;s folder)</source>
        <translation>queue（位于配置文件所在的文件夹下）</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="75"/>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="88"/>
        <source>Most messages:</source>
        <translation>最多消息数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="101"/>
        <source>Most payload bytes:</source>
        <translation>载荷最多字节数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.ui" line="111"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
</context>
<context>
    <name>RouteForm</name>
    <message>
        <location filename="../gui/forms/routeform.ui" line="6"/>
        <location filename="../gui/forms/routeform.ui" line="40"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="58"/>
        <source>Name (app_name):</source>
        <translation>名称（app_name）：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="71"/>
        <source>ID (app_id):</source>
        <translation>ID（app_id）：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="84"/>
        <source>Forward with this route</source>
        <translation>使用此路由转发</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="91"/>
        <source>Topic filter:</source>
        <translation>主题过滤器：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="101"/>
        <source>devices/+/status, from/v1/#, $share/group/topic</source>
        <translation>devices/+/status、from/v1/#、$share/group/topic</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="108"/>
        <source>QoS:</source>
        <translation>QoS：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="124"/>
        <source>Callback</source>
        <translation>回调</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="142"/>
        <source>Scheme:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="155"/>
        <source>Addresses:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="168"/>
        <source>HTTP method:</source>
        <translation>HTTP 方法：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="181"/>
        <source>Dispatch:</source>
        <translation>分发方式：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="197"/>
        <source>Filters</source>
        <translation>过滤</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="215"/>
        <source>Excluded topics:</source>
        <translation>排除的主题：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="225"/>
        <source>MQTT topic filters; a trailing / excludes the whole subtree</source>
        <translation>MQTT 主题过滤器；以 / 结尾表示排除整个子树</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="232"/>
        <source>Excluded by regex:</source>
        <translation>按正则表达式排除：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="242"/>
        <source>Regular expressions; a topic any of them matches is not forwarded</source>
        <translation>正则表达式；匹配其中任意一个的主题不会被转发</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="249"/>
        <source>Payload conditions:</source>
        <translation>载荷条件：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="265"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="283"/>
        <source>Headers:</source>
        <translation>请求头：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="296"/>
        <source>Body template:</source>
        <translation>正文模板：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="306"/>
        <source>empty: the payload as it arrived; e.g. {&quot;topic&quot;: &quot;$${topic}&quot;, &quot;data&quot;: $${payload_json}}</source>
        <translation>留空：按到达时的原样发送载荷；例如 {&quot;topic&quot;: &quot;$${topic}&quot;, &quot;data&quot;: $${payload_json}}</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="316"/>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="326"/>
        <location filename="../gui/forms/routeform.ui" line="637"/>
        <location filename="../gui/forms/routeform.ui" line="654"/>
        <location filename="../gui/forms/routeform.ui" line="739"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="336"/>
        <source>TLS for https:// addresses</source>
        <translation>https:// 地址的 TLS</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="354"/>
        <source>CA certificates:</source>
        <translation>CA 证书：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="381"/>
        <source>the system&apos;s when empty</source>
        <translation>留空时使用系统的证书</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="388"/>
        <location filename="../gui/forms/routeform.ui" line="430"/>
        <location filename="../gui/forms/routeform.ui" line="472"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="400"/>
        <source>Client certificate:</source>
        <translation>客户端证书：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="442"/>
        <source>Client key:</source>
        <translation>客户端私钥：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="484"/>
        <source>Do not verify the endpoint&apos;s certificate (for tests only)</source>
        <translation>不验证端点的证书（仅用于测试）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="494"/>
        <source>Delivery</source>
        <translation>投递</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="512"/>
        <source>Retries:</source>
        <translation>重试次数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="522"/>
        <source>Retries after the first attempt</source>
        <translation>首次尝试之后的重试次数</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="529"/>
        <source>Ordering:</source>
        <translation>顺序：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="542"/>
        <source>In flight per address:</source>
        <translation>每个地址的并发请求数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="555"/>
        <source>Retry on:</source>
        <translation>重试的状态码：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="565"/>
        <source>408, 429, 5xx (the default)</source>
        <translation>408、429、5xx（默认）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="572"/>
        <source>Dead-letter on:</source>
        <translation>转为死信的状态码：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="582"/>
        <source>other 4xx (the default)</source>
        <translation>其他 4xx（默认）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="589"/>
        <source>Success on:</source>
        <translation>视为成功的状态码：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="599"/>
        <source>2xx (the default)</source>
        <translation>2xx（默认）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="609"/>
        <source>Retry backoff</source>
        <translation>重试退避</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="627"/>
        <source>First delay:</source>
        <translation>首次延迟：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="644"/>
        <source>Longest delay:</source>
        <translation>最长延迟：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="661"/>
        <source>Multiplier:</source>
        <translation>倍数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="684"/>
        <source>Full jitter (a random delay up to the backoff)</source>
        <translation>完全抖动（在退避时长内随机延迟）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="694"/>
        <source>Batches</source>
        <translation>批量</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="712"/>
        <source>Messages per request:</source>
        <translation>每个请求的消息数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="722"/>
        <source>1 sends every message on its own</source>
        <translation>1 表示每条消息单独发送</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.ui" line="729"/>
        <source>Wait to fill:</source>
        <translation>凑批等待：</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="6"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="15"/>
        <source>Live view</source>
        <translation>实时视图</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="27"/>
        <source>Messages kept:</source>
        <translation>保留的消息数：</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="49"/>
        <source>The live view keeps this many messages; older ones leave the table as new ones arrive</source>
        <translation>实时视图最多保留这么多条消息；新消息到达时，较旧的消息会移出表格</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="59"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.ui" line="65"/>
        <source>Closing the window keeps mqhook running in the system tray</source>
        <translation>关闭窗口时让 mqhook 在系统托盘中继续运行</translation>
    </message>
</context>
<context>
    <name>StatusCommand</name>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="31"/>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="33"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="35"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="36"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="48"/>
        <source>Usage: mqhook status [--url URL] [--token TOKEN]
A short summary of a running service: readiness, connections, queue, routes; --url and --token as for tail.
</source>
        <translation>用法：mqhook status [--url URL] [--token TOKEN]
运行中服务的简要概况：就绪状态、连接、队列、路由；--url 和 --token 与 tail 相同。
</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="59"/>
        <source>mqhook %1, %2, up %3</source>
        <translation>mqhook %1，%2，已运行 %3</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="64"/>
        <source>Ready: every connection is subscribed and the queue commits</source>
        <translation>就绪：每个连接都已订阅，队列可以提交</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="67"/>
        <source>Not ready:</source>
        <translation>未就绪：</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="77"/>
        <source>Broker connections (%1):</source>
        <translation>代理连接（%1）：</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="81"/>
        <source>subscribed</source>
        <translation>已订阅</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="83"/>
        <source>connected, subscribing</source>
        <translation>已连接，正在订阅</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="84"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="89"/>
        <source>(no client_id)</source>
        <translation>（无 client_id）</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="95"/>
        <source>Queue (%1): %2 pending message(s), %3</source>
        <translation>队列（%1）：%2 条待处理消息，%3</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="100"/>
        <source>, full (intake paused)</source>
        <translation>，已满（接收已暂停）</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="102"/>
        <source>, cannot commit: %1</source>
        <translation>，无法提交：%1</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="106"/>
        <source>Routes (%1):</source>
        <translation>路由（%1）：</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="111"/>
        <source>%1 delivered, %2 retried, %3 dead, %4 in flight, %5 queued</source>
        <translation>%1 已投递，%2 已重试，%3 死信，%4 进行中，%5 排队中</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="120"/>
        <source>Messages: %1 received, %2 unrouted, %3 committed</source>
        <translation>消息：%1 已接收，%2 未路由，%3 已提交</translation>
    </message>
    <message>
        <location filename="../core/service/statuscommand.cpp" line="158"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>TailCommand</name>
    <message>
        <location filename="../core/service/tailcommand.cpp" line="43"/>
        <source>Usage: mqhook tail [--url URL] [--token TOKEN] [--topic FILTER] [--route ROUTE] [--kind KINDS] [--json]
  --url URL       the service&apos;s admin endpoint (default: admin.listen of --config)
  --token TOKEN   its admin.token (default: from --config, else $MQHOOK_ADMIN_TOKEN)
  --topic FILTER  only messages whose topic matches this MQTT filter
  --route ROUTE   only messages of this route
  --kind KINDS    only these kinds of event, e.g. delivered,dead
  --json          one JSON object per line, for jq
Prints a running service&apos;s events as they happen, until interrupted, and reconnects by itself when the service restarts.
</source>
        <translation>用法：mqhook tail [--url URL] [--token TOKEN] [--topic FILTER] [--route ROUTE] [--kind KINDS] [--json]
  --url URL       服务的管理端点（默认：--config 中的 admin.listen）
  --token TOKEN   它的 admin.token（默认：取自 --config，否则取 $MQHOOK_ADMIN_TOKEN）
  --topic FILTER  只显示主题匹配此 MQTT 过滤器的消息
  --route ROUTE   只显示此路由的消息
  --kind KINDS    只显示这些类型的事件，例如 delivered,dead
  --json          每行一个 JSON 对象，供 jq 使用
实时打印运行中服务的事件，直到被中断；服务重启后会自动重新连接。
</translation>
    </message>
    <message>
        <location filename="../core/service/tailcommand.cpp" line="71"/>
        <source>--topic: &quot;%1&quot; is not an MQTT topic filter: %2</source>
        <translation>--topic：&quot;%1&quot; 不是 MQTT 主题过滤器：%2</translation>
    </message>
    <message>
        <location filename="../core/service/tailcommand.cpp" line="81"/>
        <source>--kind: unknown event kind &quot;%1&quot;</source>
        <translation>--kind：未知的事件类型 &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../core/service/tailcommand.cpp" line="169"/>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location filename="../core/service/tailcommand.cpp" line="173"/>
        <source>%1; connecting again in %2 s</source>
        <translation>%1；%2 秒后重新连接</translation>
    </message>
</context>
<context>
    <name>mqhook::AdminClient</name>
    <message>
        <location filename="../core/observe/adminclient.cpp" line="99"/>
        <source>HTTP %1: the answer is not JSON (%2); is %3 an mqhook admin endpoint?</source>
        <translation>HTTP %1：应答不是 JSON（%2）；%3 是 mqhook 的管理端点吗？</translation>
    </message>
    <message>
        <location filename="../core/observe/adminclient.cpp" line="104"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location filename="../core/observe/adminclient.cpp" line="105"/>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
</context>
<context>
    <name>mqhook::AdminForm</name>
    <message>
        <location filename="../gui/forms/adminform.cpp" line="32"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.cpp" line="32"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.cpp" line="33"/>
        <source>Hide the token</source>
        <translation>隐藏令牌</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.cpp" line="33"/>
        <source>Show the token</source>
        <translation>显示令牌</translation>
    </message>
    <message>
        <location filename="../gui/forms/adminform.cpp" line="36"/>
        <source>An HTTP endpoint for health checks, Prometheus metrics, the live event stream (mqhook tail) and dead letters. Listening on an address other than loopback needs a token. Changes apply on reload, without restarting forwarding.</source>
        <translation>一个 HTTP 端点，提供健康检查、Prometheus 指标、实时事件流（mqhook tail）和死信。监听回环以外的地址需要令牌。更改在重新加载时生效，无需重启转发。</translation>
    </message>
</context>
<context>
    <name>mqhook::AttachDialog</name>
    <message>
        <location filename="../gui/forms/attachdialog.cpp" line="91"/>
        <source>The admin URL is an http:// or https:// address, such as http://127.0.0.1:9090.</source>
        <translation>管理地址应是 http:// 或 https:// 地址，例如 http://127.0.0.1:9090。</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.cpp" line="103"/>
        <source>Looking for the token in the OS keychain…</source>
        <translation>正在系统钥匙串中查找令牌…</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.cpp" line="109"/>
        <source>The token comes from the OS keychain.</source>
        <translation>令牌来自系统钥匙串。</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.cpp" line="112"/>
        <source>The OS keychain has no token for this address yet.</source>
        <translation>系统钥匙串中还没有这个地址的令牌。</translation>
    </message>
    <message>
        <location filename="../gui/forms/attachdialog.cpp" line="116"/>
        <source>The OS keychain cannot be used (%1): type the token.</source>
        <translation>无法使用系统钥匙串（%1）：请输入令牌。</translation>
    </message>
</context>
<context>
    <name>mqhook::AttachedService</name>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="62"/>
        <source>%1 (attached)</source>
        <translation>%1（已连接）</translation>
    </message>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="64"/>
        <source>%1 (connecting…)</source>
        <translation>%1（正在连接…）</translation>
    </message>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="66"/>
        <source>%1 (connection lost; trying again in %2 s)</source>
        <translation>%1（连接已断开；%2 秒后重试）</translation>
    </message>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="70"/>
        <source>%1 (refused: %2)</source>
        <translation>%1（被拒绝：%2）</translation>
    </message>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="74"/>
        <source>%1 (detached)</source>
        <translation>%1（已断开）</translation>
    </message>
    <message>
        <location filename="../gui/live/attachedservice.cpp" line="242"/>
        <source>the service&apos;s answer is not a dead letter</source>
        <translation>服务的应答不是一条死信</translation>
    </message>
</context>
<context>
    <name>mqhook::BrokerForm</name>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="43"/>
        <source>the keychain has no such entry</source>
        <translation>钥匙串中没有这个条目</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="45"/>
        <source>no keychain is available (%1)</source>
        <translation>没有可用的钥匙串（%1）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="47"/>
        <source>the keychain is locked or refused access (%1)</source>
        <translation>钥匙串已锁定或拒绝访问（%1）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="49"/>
        <source>the keychain did not answer in time (%1)</source>
        <translation>钥匙串没有及时响应（%1）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="51"/>
        <source>the keychain failed (%1)</source>
        <translation>钥匙串出错（%1）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="81"/>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="118"/>
        <source>In the OS keychain</source>
        <translation>系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="120"/>
        <source>In an environment variable</source>
        <translation>环境变量中</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="122"/>
        <source>In this file (plain text)</source>
        <translation>本文件中（明文）</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="158"/>
        <source>Connects once with these settings as &quot;&lt;client id&gt;-test&quot;, so that a running mqhook keeps its session.</source>
        <translation>以“&lt;客户端 ID&gt;-test”的身份用这些设置连接一次，这样正在运行的 mqhook 可以保留它的会话。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="163"/>
        <source>Password in the file</source>
        <translation>文件中的密码</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="164"/>
        <source>The password will be written into %1 as plain text: anyone who can read the file, or a copy or backup of it, can read the password.

Keep it in the file anyway?</source>
        <translation>密码将以明文写入 %1：任何能读取该文件（或其副本、备份）的人都能读到密码。

仍然保存在文件中吗？</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="167"/>
        <source>the configuration file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="254"/>
        <source>The service reads the password from the environment when it starts and on reload; the file holds only the reference.</source>
        <translation>服务在启动和重新加载时从环境变量读取密码；文件中只保存引用。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="262"/>
        <source>Connects without a password.</source>
        <translation>不使用密码连接。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="263"/>
        <source>The password is written into the file as plain text. The OS keychain keeps it out of the file.</source>
        <translation>密码以明文写在文件中。使用系统钥匙串可以让密码不出现在文件里。</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/forms/brokerform.cpp" line="280"/>
        <source>%n route(s); select one in the tree to edit it.</source>
        <translation>
            <numerusform>%n 条路由；在左侧树中选择一条即可编辑。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="282"/>
        <source>sub_deal_config is one object here, as in the original format; a second route makes it a list.</source>
        <translation>这里的 sub_deal_config 是单个对象，与原始格式一致；添加第二条路由时会变为列表。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="300"/>
        <location filename="../gui/forms/brokerform.cpp" line="355"/>
        <location filename="../gui/forms/brokerform.cpp" line="478"/>
        <source>This mqhook has no keychain support.</source>
        <translation>此 mqhook 不支持钥匙串。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="303"/>
        <source>Looking up &quot;%1&quot; in the OS keychain…</source>
        <translation>正在系统钥匙串中查找“%1”…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="306"/>
        <location filename="../gui/forms/brokerform.cpp" line="368"/>
        <location filename="../gui/forms/brokerform.cpp" line="484"/>
        <source>Waiting for the OS keychain…</source>
        <translation>正在等待系统钥匙串…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="311"/>
        <location filename="../gui/forms/brokerform.cpp" line="380"/>
        <source>Stored in the OS keychain (service &quot;%1&quot;, entry &quot;%2&quot;). The file holds only this reference.</source>
        <translation>已保存在系统钥匙串中（服务“%1”，条目“%2”）。文件中只保存这个引用。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="317"/>
        <source>The OS keychain has no entry &quot;%1&quot; yet: type the password and press Store in keychain.</source>
        <translation>系统钥匙串中还没有条目“%1”：请输入密码并点击“存入钥匙串”。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="322"/>
        <source>Could not read the keychain: %1.</source>
        <translation>无法读取钥匙串：%1。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="334"/>
        <source>The OS keychain is not available here. Instead, the service can read the password from an environment variable when it starts, or the file can hold it as plain text.</source>
        <translation>这里无法使用系统钥匙串。作为替代，服务可以在启动时从环境变量读取密码，或者把密码以明文保存在文件中。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="344"/>
        <source>Keep the password in the OS keychain</source>
        <translation>将密码保存在系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="360"/>
        <source>Type the password first.</source>
        <translation>请先输入密码。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="364"/>
        <source>Storing the password in the OS keychain…</source>
        <translation>正在将密码存入系统钥匙串…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="373"/>
        <source>Could not store the password: %1.</source>
        <translation>无法保存密码：%1。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="422"/>
        <source>Read the password from an environment variable</source>
        <translation>从环境变量读取密码</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="441"/>
        <source>Keep the password in the file</source>
        <translation>将密码保存在文件中</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="464"/>
        <source>Fix the problems of this connection first:
%1</source>
        <translation>请先修正这个连接的问题：
%1</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="481"/>
        <source>Reading the password from the OS keychain…</source>
        <translation>正在从系统钥匙串读取密码…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="490"/>
        <source>Cannot read the password: %1.</source>
        <translation>无法读取密码：%1。</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="503"/>
        <source>Connecting to %1 as &quot;%2&quot;…</source>
        <translation>正在以“%2”的身份连接 %1…</translation>
    </message>
    <message>
        <location filename="../gui/forms/brokerform.cpp" line="508"/>
        <source>Testing the connection to %1…</source>
        <translation>正在测试到 %1 的连接…</translation>
    </message>
</context>
<context>
    <name>mqhook::BrokersPage</name>
    <message>
        <location filename="../gui/forms/brokerspage.cpp" line="28"/>
        <source>No broker connection yet. Add one: mqhook subscribes with one MQTT client per connection and forwards what its routes select.</source>
        <translation>还没有代理连接。添加一个吧：mqhook 为每个连接使用一个 MQTT 客户端订阅，并转发其路由选中的消息。</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/forms/brokerspage.cpp" line="30"/>
        <source>%n broker connection(s). Select one in the tree to edit it, drag to reorder, or right-click for more.</source>
        <translation>
            <numerusform>%n 个代理连接。在左侧树中选择一个即可编辑，拖动可调整顺序，右键单击可进行更多操作。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::CallbackForm</name>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="42"/>
        <source>Renders the sample with this route&apos;s template, headers and method, as forwarding would, and sends it to this address.</source>
        <translation>像转发时一样，用这条路由的模板、请求头和方法渲染示例消息，并发送到这个地址。</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="82"/>
        <source>Fix the problems of this route first:
%1</source>
        <translation>请先修正这条路由的问题：
%1</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="108"/>
        <source>Cannot send: %1</source>
        <translation>无法发送：%1</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="115"/>
        <source>Sending %1 %2…</source>
        <translation>正在发送 %1 %2…</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="116"/>
        <source>Waiting for %1…</source>
        <translation>正在等待 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/forms/callbackform.cpp" line="123"/>
        <source>%1 %2, %n byte(s)</source>
        <translation>
            <numerusform>%1 %2，%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="128"/>
        <source>No answer within %1 ms.
Sent: %2</source>
        <translation>%1 毫秒内没有响应。
已发送：%2</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="129"/>
        <source>No answer: %1
Sent: %2</source>
        <translation>没有响应：%1
已发送：%2</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="133"/>
        <source>HTTP %1 in %2 ms%3.
Sent: %4</source>
        <translation>HTTP %1，用时 %2 毫秒%3。
已发送：%4</translation>
    </message>
    <message>
        <location filename="../gui/forms/callbackform.cpp" line="136"/>
        <source> over HTTP/2</source>
        <translation>，通过 HTTP/2</translation>
    </message>
</context>
<context>
    <name>mqhook::ConfigDocument</name>
    <message>
        <location filename="../gui/configdocument.cpp" line="198"/>
        <source>cannot read the configuration file: %1</source>
        <translation>无法读取配置文件：%1</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="209"/>
        <source>the file is not JSON, so it cannot be edited here: %1</source>
        <translation>该文件不是 JSON，无法在这里编辑：%1</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="218"/>
        <source>the file holds no JSON object, so it cannot be edited here</source>
        <translation>该文件中没有 JSON 对象，无法在这里编辑</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="245"/>
        <source>The file could not be read as a configuration, so there is nothing to save.</source>
        <translation>该文件无法作为配置读取，因此没有可保存的内容。</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/configdocument.cpp" line="257"/>
        <source>Not saved: %n error(s) remain. Fix them first (the Problems list shows each one); the first is: %1</source>
        <translation>
            <numerusform>未保存：还有 %n 个错误。请先修正（“问题”列表会逐一列出）；第一个是：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="266"/>
        <location filename="../gui/configdocument.cpp" line="272"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="359"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="380"/>
        <source>Remove %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="389"/>
        <location filename="../gui/configdocument.cpp" line="397"/>
        <source>Add to %1</source>
        <translation>添加到 %1</translation>
    </message>
    <message>
        <location filename="../gui/configdocument.cpp" line="412"/>
        <source>Move in %1</source>
        <translation>在 %1 中移动</translation>
    </message>
</context>
<context>
    <name>mqhook::ConfigEditor</name>
    <message>
        <location filename="../gui/configeditor.cpp" line="113"/>
        <source>Configuration items</source>
        <translation>配置项</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="205"/>
        <source>Add &amp;Broker Connection</source>
        <translation>添加代理连接(&amp;B)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="205"/>
        <source>Add a broker connection</source>
        <translation>添加一个代理连接</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="208"/>
        <source>Add &amp;Route</source>
        <translation>添加路由(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="208"/>
        <source>Add a route to the selected broker</source>
        <translation>为选中的代理添加一条路由</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="212"/>
        <source>Add &amp;Callback Address</source>
        <translation>添加回调地址(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="213"/>
        <source>Add a callback address to the selected route</source>
        <translation>为选中的路由添加一个回调地址</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="215"/>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="215"/>
        <source>Duplicate the selected item</source>
        <translation>复制选中的项</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="218"/>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="218"/>
        <source>Remove the selected item</source>
        <translation>删除选中的项</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="221"/>
        <source>&amp;Enable or Disable</source>
        <translation>启用或停用(&amp;E)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="222"/>
        <source>Enable or disable the selected broker connection or route</source>
        <translation>启用或停用选中的代理连接或路由</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="225"/>
        <source>Move &amp;Up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="225"/>
        <source>Move the selected item up</source>
        <translation>将选中的项上移</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="227"/>
        <source>Move Do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="227"/>
        <source>Move the selected item down</source>
        <translation>将选中的项下移</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="309"/>
        <source>Select an item on the left.</source>
        <translation>请在左侧选择一项。</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="310"/>
        <source>This file cannot be edited here: it is not a JSON object. The Problems list says where it breaks; fix it in a text editor, then use File ▸ Revert.</source>
        <translation>无法在这里编辑该文件：它不是 JSON 对象。“问题”列表会指出出错的位置；请在文本编辑器中修正，然后使用“文件 ▸ 还原”。</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="373"/>
        <source>Add broker connection</source>
        <translation>添加代理连接</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="392"/>
        <source>Add route</source>
        <translation>添加路由</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="439"/>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="441"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="463"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="487"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../gui/configeditor.cpp" line="487"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>mqhook::ConfigTreeModel</name>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="200"/>
        <source>Broker connections</source>
        <translation>代理连接</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="205"/>
        <source>(client id from the broker)</source>
        <translation>（由代理分配客户端 ID）</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="206"/>
        <source>%1 — %2:%3</source>
        <translation>%1 — %2:%3</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="212"/>
        <source>(unnamed route)</source>
        <translation>（未命名路由）</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="213"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="216"/>
        <source>(not a URL)</source>
        <translation>（不是 URL）</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="218"/>
        <source>Logging</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="220"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="222"/>
        <source>Admin endpoint</source>
        <translation>管理端点</translation>
    </message>
    <message>
        <location filename="../gui/configtreemodel.cpp" line="273"/>
        <source>%1 (disabled)</source>
        <translation>%1（已停用）</translation>
    </message>
</context>
<context>
    <name>mqhook::ConnectionTester</name>
    <message>
        <location filename="../gui/connectiontester.cpp" line="14"/>
        <source>No answer from %1 within %2 s.</source>
        <translation>%1 在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="46"/>
        <source>session present</source>
        <translation>会话已存在</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="46"/>
        <source>new session</source>
        <translation>新会话</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="49"/>
        <source>, receive maximum %1</source>
        <translation>，接收最大值 %1</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="51"/>
        <source>, maximum QoS %1</source>
        <translation>，最高 QoS %1</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="53"/>
        <source>, keepalive set to %1 s by the broker</source>
        <translation>，代理将心跳间隔设为 %1 秒</translation>
    </message>
    <message>
        <location filename="../gui/connectiontester.cpp" line="55"/>
        <source>Connected to %1 over %2: the broker accepted the connection (CONNACK success; %3).</source>
        <translation>已通过 %2 连接到 %1：代理接受了连接（CONNACK 成功；%3）。</translation>
    </message>
</context>
<context>
    <name>mqhook::DeadLetterModel</name>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="85"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="87"/>
        <source>Given up</source>
        <translation>放弃时间</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="89"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="91"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="93"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="95"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../gui/live/deadlettermodel.cpp" line="97"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>mqhook::DeadLetterStore</name>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="31"/>
        <source>The queue is not open</source>
        <translation>队列未打开</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="56"/>
        <source>No dead letter with ID %1</source>
        <translation>没有 ID 为 %1 的死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="64"/>
        <source>cannot list the dead letters</source>
        <translation>无法列出死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="97"/>
        <source>cannot read the dead letters</source>
        <translation>无法读取死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="117"/>
        <source>cannot read dead letter %1</source>
        <translation>无法读取死信 %1</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="194"/>
        <source>cannot retry dead letters</source>
        <translation>无法重试死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="242"/>
        <source>cannot delete dead letter %1</source>
        <translation>无法删除死信 %1</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="291"/>
        <source>cannot purge the dead letters</source>
        <translation>无法清除死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="335"/>
        <source>Cannot write %1: %2; a running mqhook picks up the retried dead letters when it restarts</source>
        <translation>无法写入 %1：%2；正在运行的 mqhook 会在重启后处理这些重试的死信</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="351"/>
        <source>Cannot create %1: %2; dead letters retried from the command line are picked up only after a restart</source>
        <translation>无法创建 %1：%2；从命令行重试的死信只有在重启后才会被处理</translation>
    </message>
    <message>
        <location filename="../core/delivery/deadletterstore.cpp" line="369"/>
        <source>Cannot watch %1; dead letters retried from the command line are picked up only after a restart</source>
        <translation>无法监视 %1；从命令行重试的死信只有在重启后才会被处理</translation>
    </message>
</context>
<context>
    <name>mqhook::Demo</name>
    <message>
        <location filename="../demo/demo.cpp" line="73"/>
        <source>timed out: %1 of %2 requests arrived</source>
        <translation>超时：%2 个请求中只到达了 %1 个</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="104"/>
        <source>cannot create a temporary folder: %1</source>
        <translation>无法创建临时文件夹：%1</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="120"/>
        <source>endpoint  %1 %2  topic %3  body %4</source>
        <translation>端点  %1 %2  主题 %3  正文 %4</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="126"/>
        <source>demo: mosquitto on 127.0.0.1:%1, HTTP endpoint on 127.0.0.1:%2</source>
        <translation>演示：mosquitto 位于 127.0.0.1:%1，HTTP 端点位于 127.0.0.1:%2</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="139"/>
        <source>the demo needs mosquitto: apt-get install mosquitto</source>
        <translation>演示需要 mosquitto：apt-get install mosquitto</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="144"/>
        <source>no free port on 127.0.0.1</source>
        <translation>127.0.0.1 上没有空闲端口</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="150"/>
        <location filename="../demo/demo.cpp" line="276"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="169"/>
        <source>mosquitto stopped (exit code %1): %2</source>
        <translation>mosquitto 已停止（退出码 %1）：%2</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="175"/>
        <source>cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="200"/>
        <source>mosquitto does not listen on port %1</source>
        <translation>mosquitto 没有在端口 %1 上监听</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="208"/>
        <location filename="../demo/demo.cpp" line="245"/>
        <source>the bundled example configuration is missing</source>
        <translation>缺少内置的示例配置</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="211"/>
        <source>the bundled example configuration does not load</source>
        <translation>内置的示例配置无法加载</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="232"/>
        <source>problem   %1</source>
        <translation>问题   %1</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="279"/>
        <source>demo: the window runs %1; messages are published every %2 ms until it closes</source>
        <translation>演示：窗口正在运行 %1；在窗口关闭前每 %2 毫秒发布一条消息</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="330"/>
        <source>published %1 messages to the excluded from/v1/aaa/debug, then %2 to from/v1/vehicle-N/status</source>
        <translation>向被排除的 from/v1/aaa/debug 发布了 %1 条消息，然后向 from/v1/vehicle-N/status 发布了 %2 条</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="340"/>
        <source>an excluded message was forwarded</source>
        <translation>一条被排除的消息被转发了</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="343"/>
        <source>demo: all %1 requests arrived (%2 messages to 2 endpoints); the excluded topic was not forwarded</source>
        <translation>演示：%1 个请求全部到达（%2 条消息发往 2 个端点）；被排除的主题没有被转发</translation>
    </message>
    <message>
        <location filename="../demo/demo.cpp" line="353"/>
        <source>demo failed: %1</source>
        <translation>演示失败：%1</translation>
    </message>
</context>
<context>
    <name>mqhook::ErrorView</name>
    <message>
        <location filename="../gui/live/errorview.cpp" line="80"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="81"/>
        <source>Re&amp;try</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="82"/>
        <source>Retry &amp;All…</source>
        <translation>全部重试(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="83"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="84"/>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="85"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="96"/>
        <location filename="../gui/live/errorview.cpp" line="117"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="99"/>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="100"/>
        <source>Broker connections</source>
        <translation>代理连接</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="101"/>
        <source>HTTP deliveries</source>
        <translation>HTTP 投递</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="102"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="103"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="104"/>
        <source>Kind of problem</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="105"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="132"/>
        <location filename="../gui/live/errorview.cpp" line="157"/>
        <source>Dead letters</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="144"/>
        <source>Put the selected dead letter back in the queue: it is delivered again</source>
        <translation>把选中的死信放回队列：它会被再次投递</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="145"/>
        <source>Put every dead letter back in the queue</source>
        <translation>把所有死信放回队列</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="146"/>
        <source>Delete the selected dead letter from the queue</source>
        <translation>从队列中删除选中的死信</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="164"/>
        <source>Select a dead letter to see its message and every attempt</source>
        <translation>选择一条死信，查看它的消息和每一次尝试</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="165"/>
        <source>Dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="241"/>
        <source>Dead letters are read from a running service: start forwarding or attach to a service.</source>
        <translation>死信从正在运行的服务中读取：请开始转发，或连接到一个服务。</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="251"/>
        <source>The service is not running: its dead letters cannot be read now.</source>
        <translation>服务没有在运行：现在无法读取它的死信。</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="253"/>
        <source>Reading the dead letters…</source>
        <translation>正在读取死信…</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="264"/>
        <source>Cannot read the dead letters: %1</source>
        <translation>无法读取死信：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="277"/>
        <source>No dead letters.</source>
        <translation>没有死信。</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/errorview.cpp" line="279"/>
        <source>%1–%2 of %n dead letter(s)</source>
        <translation>
            <numerusform>第 %1–%2 条，共 %n 条死信</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="295"/>
        <source>The dead letters were not changed: %1</source>
        <translation>死信没有改变：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="310"/>
        <source>Cannot read the dead letter: %1</source>
        <translation>无法读取这条死信：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="343"/>
        <source>Retry all dead letters</source>
        <translation>重试所有死信</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/errorview.cpp" line="344"/>
        <source>Put all %n dead letter(s) back in the queue to be delivered again?</source>
        <translation>
            <numerusform>把全部 %n 条死信放回队列，重新投递吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="357"/>
        <source>Delete dead letter</source>
        <translation>删除死信</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="358"/>
        <source>Delete dead letter %1 (topic %2, to %3) for good? Its message is not delivered again.</source>
        <translation>永久删除死信 %1（主题 %2，发往 %3）吗？它的消息不会再被投递。</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="381"/>
        <source>Reading dead letter %1…</source>
        <translation>正在读取死信 %1…</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="387"/>
        <source>Dead letter %1, given up %2</source>
        <translation>死信 %1，放弃于 %2</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="391"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="392"/>
        <source>Route: %1</source>
        <translation>路由：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="393"/>
        <source>Target: %1</source>
        <translation>目标：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="394"/>
        <source>Message %1 from %2, topic %3, QoS %4, received %5</source>
        <translation>消息 %1，来自 %2，主题 %3，QoS %4，接收于 %5</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="401"/>
        <source>Attempts (%1):</source>
        <translation>尝试（%1 次）：</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="405"/>
        <source>  run %1, attempt %2 at %3: %4 after %5 ms%6</source>
        <translation>  第 %1 轮，第 %2 次尝试，%3：%4，耗时 %5 毫秒%6</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="409"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location filename="../gui/live/errorview.cpp" line="410"/>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
</context>
<context>
    <name>mqhook::Event</name>
    <message>
        <location filename="../core/observe/event.cpp" line="240"/>
        <source>field &quot;kind&quot;: missing</source>
        <translation>字段 &quot;kind&quot;：缺失</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="243"/>
        <source>field &quot;kind&quot;: unknown kind &quot;%1&quot;</source>
        <translation>字段 &quot;kind&quot;：未知类型 &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="253"/>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="266"/>
        <source>a whole number, 0 or more</source>
        <translation>大于或等于 0 的整数</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="276"/>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="288"/>
        <source>a date and time (ISO 8601)</source>
        <translation>日期和时间（ISO 8601）</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="298"/>
        <source>either %1 or %2, not both</source>
        <translation>%1 或 %2 之一，不能同时给出</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="310"/>
        <source>base64 text</source>
        <translation>base64 文本</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="327"/>
        <source>an array of strings</source>
        <translation>字符串数组</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="345"/>
        <source>an array of [name, value] string pairs</source>
        <translation>[名称, 值] 字符串对的数组</translation>
    </message>
    <message>
        <location filename="../core/observe/event.cpp" line="352"/>
        <source>field &quot;%1&quot;: expected %2</source>
        <translation>字段 &quot;%1&quot;：应为%2</translation>
    </message>
</context>
<context>
    <name>mqhook::EventLine</name>
    <message numerus="yes">
        <location filename="../core/observe/eventline.cpp" line="62"/>
        <source>(%n byte(s), not previewed)</source>
        <translation>
            <numerusform>（%n 字节，未预览）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/observe/eventline.cpp" line="105"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/observe/eventline.cpp" line="126"/>
        <source>attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
    <message>
        <location filename="../core/observe/eventline.cpp" line="128"/>
        <location filename="../core/observe/eventline.cpp" line="138"/>
        <source>next at %1</source>
        <translation>下次于 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/observe/eventline.cpp" line="152"/>
        <source>%n event(s) dropped: this reader fell behind</source>
        <translation>
            <numerusform>丢弃了 %n 个事件：此读取方跟不上</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::EventStreamClient</name>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="26"/>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="28"/>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="131"/>
        <source>%1 is not an mqhook event stream (Content-Type %2)</source>
        <translation>%1 不是 mqhook 事件流（Content-Type %2）</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="146"/>
        <location filename="../core/observe/eventstreamclient.cpp" line="225"/>
        <source>The event stream is malformed: %1</source>
        <translation>事件流格式错误：%1</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="170"/>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="175"/>
        <source>its type &quot;%1&quot; is not the kind in its data (&quot;%2&quot;)</source>
        <translation>其类型 &quot;%1&quot; 与数据中的 kind（&quot;%2&quot;）不符</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="183"/>
        <source>An event could not be read and is skipped: %1</source>
        <translation>有一个事件无法读取，已跳过：%1</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="202"/>
        <source>it has no type</source>
        <translation>它没有类型</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="203"/>
        <source>its type &quot;%1&quot; is no kind of event</source>
        <translation>其类型 &quot;%1&quot; 不是任何事件种类</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="208"/>
        <source>its data is not a JSON object</source>
        <translation>其数据不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="231"/>
        <source>The service closed the event stream</source>
        <translation>服务关闭了事件流</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="232"/>
        <source>The event stream broke: %1</source>
        <translation>事件流中断：%1</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="241"/>
        <source>The service refused the request (%1); check the token</source>
        <translation>服务拒绝了请求（%1）；请检查令牌</translation>
    </message>
    <message>
        <location filename="../core/observe/eventstreamclient.cpp" line="243"/>
        <source>The service refused the request: %1</source>
        <translation>服务拒绝了请求：%1</translation>
    </message>
</context>
<context>
    <name>mqhook::FieldBinder</name>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="96"/>
        <source>Remove this key from the file: the default applies</source>
        <translation>从文件中删除这个键：使用默认值</translation>
    </message>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="107"/>
        <source>%1 (from the environment when mqhook starts)</source>
        <translation>%1（mqhook 启动时从环境变量读取）</translation>
    </message>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="110"/>
        <source>Replace the reference by a value</source>
        <translation>用一个值替换这个引用</translation>
    </message>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="111"/>
        <source>Remove the reference: the default applies</source>
        <translation>删除这个引用：使用默认值</translation>
    </message>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="327"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../gui/fieldbinder.cpp" line="571"/>
        <source>%1 (as written in the file)</source>
        <translation>%1（按文件中的写法）</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/fieldbinder.cpp" line="652"/>
        <source>%n problem(s) further down: select the items marked in the tree</source>
        <translation>
            <numerusform>下级还有 %n 个问题：请在左侧树中选择标记出的项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::HeadersEditor</name>
    <message>
        <location filename="../gui/tableeditor.cpp" line="108"/>
        <source>Header</source>
        <translation>请求头</translation>
    </message>
    <message>
        <location filename="../gui/tableeditor.cpp" line="108"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>mqhook::InProcessService</name>
    <message>
        <location filename="../gui/live/inprocessservice.cpp" line="24"/>
        <source>forwarding in this window (%1)</source>
        <translation>本窗口中的转发（%1）</translation>
    </message>
</context>
<context>
    <name>mqhook::IntegerSpinBox</name>
    <message>
        <location filename="../gui/integerspinbox.cpp" line="25"/>
        <source>A whole number of at least %1</source>
        <translation>不小于 %1 的整数</translation>
    </message>
    <message>
        <location filename="../gui/integerspinbox.cpp" line="28"/>
        <source>A whole number from %1 to %2</source>
        <translation>%1 到 %2 之间的整数</translation>
    </message>
</context>
<context>
    <name>mqhook::ItemForm</name>
    <message>
        <location filename="../gui/forms/itemform.cpp" line="58"/>
        <source>Keys that mqhook does not know stay in the file as they are.</source>
        <translation>mqhook 不认识的键会原样保留在文件中。</translation>
    </message>
</context>
<context>
    <name>mqhook::LiveView</name>
    <message>
        <location filename="../gui/live/liveview.cpp" line="61"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="129"/>
        <location filename="../gui/live/liveview.cpp" line="291"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="133"/>
        <source>Stop adding messages to the table; what arrives is kept and counted</source>
        <translation>停止向表格添加消息；期间到达的消息会被保留并计数</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="136"/>
        <source>Auto-scroll</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="139"/>
        <source>Keep the newest message in sight</source>
        <translation>始终显示最新的消息</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="145"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="146"/>
        <source>Remove every message from the table</source>
        <translation>从表格中移除所有消息</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="149"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="150"/>
        <source>Write the messages shown to a CSV or JSON Lines file</source>
        <translation>把显示的消息写入 CSV 或 JSON Lines 文件</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="153"/>
        <source>Copy Row</source>
        <translation>复制行</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="157"/>
        <source>Copy Payload</source>
        <translation>复制载荷</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="161"/>
        <source>Show in Topics</source>
        <translation>在“主题”中显示</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="175"/>
        <source>Topic: text or a filter such as from/+/status</source>
        <translation>主题：文本，或 from/+/status 这样的过滤器</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="177"/>
        <source>Topic filter</source>
        <translation>主题过滤</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="182"/>
        <source>All routes</source>
        <translation>全部路由</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="184"/>
        <source>Route filter</source>
        <translation>路由过滤</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="186"/>
        <source>Callback address</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="188"/>
        <source>Callback address filter</source>
        <translation>回调地址过滤</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="190"/>
        <source>Outcome filter</source>
        <translation>结果过滤</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="191"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/liveview.cpp" line="275"/>
        <location filename="../gui/live/liveview.cpp" line="276"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="276"/>
        <source>%1 of %2</source>
        <translation>%2中的 %1 条</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/liveview.cpp" line="278"/>
        <source>; %n event(s) missed (they came faster than the window could read them)</source>
        <translation>
            <numerusform>；漏掉了 %n 个事件（到达速度超过窗口的读取速度）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/liveview.cpp" line="295"/>
        <source>Resume (%n new)</source>
        <translation>
            <numerusform>继续（%n 条新消息）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="329"/>
        <location filename="../gui/live/liveview.cpp" line="341"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="349"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="350"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../gui/live/liveview.cpp" line="353"/>
        <location filename="../gui/live/liveview.cpp" line="361"/>
        <source>Export messages</source>
        <translation>导出消息</translation>
    </message>
</context>
<context>
    <name>mqhook::LogForm</name>
    <message>
        <location filename="../gui/forms/logform.cpp" line="21"/>
        <source>Trace</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.cpp" line="22"/>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.cpp" line="23"/>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.cpp" line="24"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../gui/forms/logform.cpp" line="25"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>mqhook::MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.cpp" line="300"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="300"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="300"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="210"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="145"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="163"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="593"/>
        <source>Open configuration</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="593"/>
        <location filename="../gui/mainwindow.cpp" line="615"/>
        <source>JSON configuration (*.json);;All files (*)</source>
        <translation>JSON 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="516"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="89"/>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="140"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="142"/>
        <source>Start a new configuration</source>
        <translation>新建一个配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="147"/>
        <source>Open a configuration file</source>
        <translation>打开一个配置文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="150"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="152"/>
        <source>Save the configuration (refused while it has errors)</source>
        <translation>保存配置（有错误时拒绝保存）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="155"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="159"/>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="160"/>
        <source>Read the file again, dropping unsaved changes</source>
        <translation>重新读取文件，丢弃未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="172"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="175"/>
        <source>The window&apos;s own settings: the live view, the system tray</source>
        <translation>窗口自身的设置：实时视图、系统托盘</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="178"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="181"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="185"/>
        <source>&amp;Validate</source>
        <translation>校验(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="187"/>
        <source>Check the configuration as --check does</source>
        <translation>像 --check 一样检查配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="190"/>
        <source>&amp;Start Forwarding</source>
        <translation>开始转发(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="192"/>
        <source>Forward with the saved file in this window, as --no-gui does</source>
        <translation>在本窗口中按已保存的文件转发，与 --no-gui 相同</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="195"/>
        <source>S&amp;top Forwarding</source>
        <translation>停止转发(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="199"/>
        <source>&amp;Attach to a Service…</source>
        <translation>连接到服务(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="200"/>
        <source>Watch a running mqhook through its admin endpoint (URL and token)</source>
        <translation>通过管理端点（地址和令牌）观察一个正在运行的 mqhook</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="203"/>
        <source>&amp;Detach</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="204"/>
        <source>Stop watching the attached service; the views keep what they show</source>
        <translation>停止观察已连接的服务；视图保留已显示的内容</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="213"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="222"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="233"/>
        <source>F&amp;orwarding</source>
        <translation>转发(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="242"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="246"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="250"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="260"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="261"/>
        <source>&amp;About mqhook</source>
        <translation>关于 mqhook(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="262"/>
        <source>About mqhook</source>
        <translation>关于 mqhook</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="263"/>
        <source>&lt;h3&gt;mqhook %1&lt;/h3&gt;&lt;p&gt;Forwards MQTT messages to HTTP(S) endpoints, reliably.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;mqhook %1&lt;/h3&gt;&lt;p&gt;可靠地将 MQTT 消息转发到 HTTP(S) 端点。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="268"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="274"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="289"/>
        <source>Items</source>
        <translation>配置项工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="300"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="308"/>
        <location filename="../gui/mainwindow.cpp" line="317"/>
        <location filename="../gui/mainwindow.cpp" line="535"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="328"/>
        <source>JSON preview</source>
        <translation>JSON 预览</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="329"/>
        <source>JSON Preview</source>
        <translation>JSON 预览</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="339"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="340"/>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="341"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="346"/>
        <source>Rates</source>
        <translation>速率</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="370"/>
        <source>Watching %1</source>
        <translation>正在观察：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="374"/>
        <source>Not watching a service</source>
        <translation>未观察任何服务</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="376"/>
        <source>What the Live, Topics and Errors pages show</source>
        <translation>“实时”、“主题”和“错误”页显示的内容来源</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="380"/>
        <source>forwarding</source>
        <translation>正在转发</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="384"/>
        <source>not forwarding</source>
        <translation>未在转发</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="441"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="442"/>
        <source>The new language applies when mqhook starts again.</source>
        <translation>新的语言将在 mqhook 下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="500"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="501"/>
        <source>%1[*] — mqhook</source>
        <translation>%1[*] — mqhook</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="516"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="536"/>
        <source>Problems (%1, %2)</source>
        <translation>问题（%1，%2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="537"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="537"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="546"/>
        <source>(the file could not be read as JSON)</source>
        <translation>（该文件无法作为 JSON 读取）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="570"/>
        <source>%1 does not exist yet: Save creates it.</source>
        <translation>%1 还不存在：保存时会创建它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="582"/>
        <source>%n error(s) in the configuration</source>
        <translation>
            <numerusform>配置中有 %n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="614"/>
        <source>Save configuration</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="621"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="625"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="636"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="637"/>
        <source>Drop the unsaved changes and read %1 again?</source>
        <translation>丢弃未保存的更改并重新读取 %1 吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="650"/>
        <source>No errors (%n warning(s)).</source>
        <translation>
            <numerusform>没有错误（%n 个警告）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="651"/>
        <source>%1 error(s), %2 warning(s): see Problems.</source>
        <translation>%1 个错误，%2 个警告：请查看“问题”。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="664"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="665"/>
        <source>%1 has changes that are not saved. Save them?</source>
        <translation>%1 有尚未保存的更改。要保存吗？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="667"/>
        <source>The configuration</source>
        <translation>该配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="683"/>
        <source>Start forwarding</source>
        <translation>开始转发</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="684"/>
        <source>Forwarding runs the saved file. Save the changes first?</source>
        <translation>转发运行的是已保存的文件。要先保存更改吗？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="700"/>
        <source>Reading passwords from the OS keychain…</source>
        <translation>正在从系统钥匙串读取密码…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="706"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="706"/>
        <location filename="../gui/mainwindow.cpp" line="722"/>
        <source>Could not forward</source>
        <translation>无法转发</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="708"/>
        <source>Forwarding stopped</source>
        <translation>转发已停止</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="709"/>
        <source>Forwarding could not start or stopped with an error:

%1</source>
        <translation>转发无法启动，或因错误而停止：

%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="717"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="723"/>
        <source>Forwarding did not start</source>
        <translation>转发没有启动</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="740"/>
        <source>The token was not kept in the OS keychain: %1</source>
        <translation>令牌未能保存到系统钥匙串：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="758"/>
        <source>Cannot read the status: %1</source>
        <translation>无法读取状态：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="760"/>
        <source>Attaching…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="771"/>
        <source>Detached</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="779"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>mqhook::MessageDetail</name>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="88"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="89"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="90"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="107"/>
        <location filename="../gui/live/messagedetail.cpp" line="110"/>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="114"/>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="114"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="118"/>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="124"/>
        <source>Delivery</source>
        <translation>投递</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="129"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="130"/>
        <source>The request this delivery sent</source>
        <translation>这次投递发送的请求</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="136"/>
        <source>Next attempt</source>
        <translation>下次尝试</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="142"/>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="143"/>
        <source>The endpoint&apos;s answer to the attempt selected above</source>
        <translation>端点对上面所选尝试的应答</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="148"/>
        <source>Deliveries</source>
        <translation>投递</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="167"/>
        <source>Select a message to see its payload, properties and deliveries.</source>
        <translation>选择一条消息，查看它的载荷、属性和投递。</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="169"/>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="207"/>
        <source>not JSON: shown as text</source>
        <translation>不是 JSON：按文本显示</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="218"/>
        <source>the first %1 of %2 bytes</source>
        <translation>%2 字节中的前 %1 字节</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="220"/>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="222"/>
        <source>empty payload</source>
        <translation>空载荷</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="238"/>
        <source>Message id</source>
        <translation>消息 ID</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="239"/>
        <source>Broker connection</source>
        <translation>代理连接</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="240"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="241"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="242"/>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="242"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="242"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="243"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/messagedetail.cpp" line="243"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="244"/>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="246"/>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="248"/>
        <source>User property %1</source>
        <translation>用户属性 %1</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="250"/>
        <source>Not routed</source>
        <translation>未路由</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="252"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="262"/>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2（%3）</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="279"/>
        <source>Not routed: %1</source>
        <translation>未路由：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="280"/>
        <source>No delivery of this message has been heard of yet.</source>
        <translation>还没有收到这条消息的任何投递。</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="301"/>
        <source>Given up: %1</source>
        <translation>已放弃：%1</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="309"/>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../gui/live/messagedetail.cpp" line="317"/>
        <source>Only the latest %1 attempts are kept</source>
        <translation>只保留最近 %1 次尝试</translation>
    </message>
</context>
<context>
    <name>mqhook::MessageModel</name>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="222"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="224"/>
        <source>Broker</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="226"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="228"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="230"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="232"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="234"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="236"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="238"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="240"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="249"/>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="251"/>
        <source>delivered</source>
        <translation>已投递</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="253"/>
        <source>retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="255"/>
        <source>dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="257"/>
        <source>not routed</source>
        <translation>未路由</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/messagemodel.cpp" line="279"/>
        <source>%n target(s)</source>
        <translation>
            <numerusform>%n 个目标</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="302"/>
        <source>&lt; 1 ms</source>
        <translation>&lt; 1 毫秒</translation>
    </message>
    <message>
        <location filename="../gui/live/messagemodel.cpp" line="303"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
</context>
<context>
    <name>mqhook::Outbox</name>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="121"/>
        <source>cannot record the last delivery id</source>
        <translation>无法记录最后的投递 ID</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="174"/>
        <source>cannot prepare the queue statements</source>
        <translation>无法准备队列语句</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="241"/>
        <source>cannot count the pending messages</source>
        <translation>无法统计待投递的消息</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="248"/>
        <source>cannot count the pending deliveries</source>
        <translation>无法统计待完成的投递</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="266"/>
        <source>cannot read the last ids</source>
        <translation>无法读取最后的 ID</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="298"/>
        <source>The outbox is not open</source>
        <translation>发件箱没有打开</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="314"/>
        <source>cannot store %n message(s)</source>
        <translation>
            <numerusform>无法保存 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="413"/>
        <source>Outbox: cannot store messages: ids %1/%2 are not the next ones (%3/%4)</source>
        <translation>发件箱：无法保存消息：ID %1/%2 不是接下来的 ID（%3/%4）</translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="472"/>
        <source>cannot update the queue</source>
        <translation>无法更新队列</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="505"/>
        <source>cannot record %n delivered message(s)</source>
        <translation>
            <numerusform>无法记录 %n 条已投递的消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="558"/>
        <source>cannot record %n failed attempt(s)</source>
        <translation>
            <numerusform>无法记录 %n 次失败的尝试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="588"/>
        <source>cannot record %n dead letter(s)</source>
        <translation>
            <numerusform>无法记录 %n 条死信</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::OutboxThread</name>
    <message>
        <location filename="../core/delivery/outboxthread.cpp" line="239"/>
        <source>The queue folder %1 is in use by another mqhook (process %2 on %3): one service per queue folder</source>
        <translation>队列文件夹 %1 正被另一个 mqhook 使用（%3 上的进程 %2）：每个队列文件夹只能有一个服务</translation>
    </message>
    <message>
        <location filename="../core/delivery/outboxthread.cpp" line="246"/>
        <source>Cannot lock the queue folder %1 (%2)</source>
        <translation>无法锁定队列文件夹 %1（%2）</translation>
    </message>
    <message>
        <location filename="../core/delivery/outboxthread.cpp" line="256"/>
        <source>The outbox is already open</source>
        <translation>发件箱已经打开</translation>
    </message>
</context>
<context>
    <name>mqhook::PendingReader</name>
    <message>
        <location filename="../core/delivery/pendingreader.cpp" line="55"/>
        <source>cannot read the pending deliveries of %1</source>
        <translation>无法读取 %1 的待投递记录</translation>
    </message>
    <message>
        <location filename="../core/delivery/pendingreader.cpp" line="133"/>
        <source>cannot count the pending deliveries</source>
        <translation>无法统计待投递的记录</translation>
    </message>
    <message>
        <location filename="../core/delivery/pendingreader.cpp" line="138"/>
        <source>cannot read the requeued dead letters</source>
        <translation>无法读取重新入队的死信</translation>
    </message>
</context>
<context>
    <name>mqhook::ProblemModel</name>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="76"/>
        <source>taken</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="78"/>
        <source>not routed</source>
        <translation>未路由</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="80"/>
        <source>delivered</source>
        <translation>已投递</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="82"/>
        <source>attempt failed</source>
        <translation>尝试失败</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="84"/>
        <source>dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="86"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="88"/>
        <source>connection lost</source>
        <translation>连接断开</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="90"/>
        <source>reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="92"/>
        <source>intake paused</source>
        <translation>暂停接收</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="94"/>
        <source>intake resumed</source>
        <translation>恢复接收</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="96"/>
        <source>commit failed</source>
        <translation>提交失败</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="98"/>
        <source>commits again</source>
        <translation>恢复提交</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="100"/>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="102"/>
        <source>events missed</source>
        <translation>事件丢失</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="113"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="114"/>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="115"/>
        <source>attempt %1: %2</source>
        <translation>第 %1 次尝试：%2</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="118"/>
        <source>; next attempt at %1</source>
        <translation>；下次尝试于 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/problemmodel.cpp" line="124"/>
        <source>given up after %n attempt(s): %1</source>
        <translation>
            <numerusform>尝试 %n 次后放弃：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="128"/>
        <source>next try at %1</source>
        <translation>下次尝试于 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/problemmodel.cpp" line="133"/>
        <source>%n event(s) came faster than they could be read</source>
        <translation>
            <numerusform>%n 个事件到达得太快，来不及读取</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="136"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="198"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="238"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="240"/>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="242"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="244"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/live/problemmodel.cpp" line="246"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>mqhook::QueueDatabase</name>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="43"/>
        <source>Cannot create the queue folder %1 (queue.dir)</source>
        <translation>无法创建队列文件夹 %1（queue.dir）</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="52"/>
        <source>The Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite</source>
        <translation>Qt 的 SQLite 驱动（QSQLITE）不可用：请安装 libqt6sql6-sqlite</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="59"/>
        <source>cannot open the queue database</source>
        <translation>无法打开队列数据库</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="68"/>
        <source>cannot prepare the queue statements</source>
        <translation>无法准备队列语句</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="72"/>
        <source>Outbox: %1: %2</source>
        <translation>发件箱：%1：%2</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="110"/>
        <source>in-memory queue</source>
        <translation>内存队列</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="174"/>
        <source>cannot set up the queue database</source>
        <translation>无法设置队列数据库</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="190"/>
        <source>Outbox %1: %2: the file system does not allow write-ahead logging (journal mode is %3)</source>
        <translation>发件箱 %1：%2：文件系统不支持预写日志（日志模式为 %3）</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="207"/>
        <source>cannot create or upgrade the queue schema</source>
        <translation>无法创建或升级队列结构</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="226"/>
        <source>Outbox %1: the queue was written by a newer mqhook (schema version %2, this one knows up to %3)</source>
        <translation>发件箱 %1：该队列由更新版本的 mqhook 写入（结构版本 %2，本版本最高支持 %3）</translation>
    </message>
    <message>
        <location filename="../core/delivery/queuedatabase.cpp" line="236"/>
        <source>cannot upgrade the queue schema to version %1</source>
        <translation>无法将队列结构升级到版本 %1</translation>
    </message>
</context>
<context>
    <name>mqhook::QueueError</name>
    <message>
        <location filename="../core/delivery/queueerror.cpp" line="80"/>
        <source>Outbox %1: %2: %3 (%4)</source>
        <translation>发件箱 %1：%2：%3（%4）</translation>
    </message>
    <message>
        <location filename="../core/delivery/queueerror.cpp" line="85"/>
        <source>. The folder must be writable: SQLite keeps %1-wal and %1-shm beside the file</source>
        <translation>。该文件夹必须可写：SQLite 会在文件旁边保存 %1-wal 和 %1-shm</translation>
    </message>
    <message>
        <location filename="../core/delivery/queueerror.cpp" line="90"/>
        <source>. The file is damaged or is not an mqhook queue; move it away to start with an empty queue</source>
        <translation>。该文件已损坏或不是 mqhook 队列；将它移走即可从空队列开始</translation>
    </message>
    <message>
        <location filename="../core/delivery/queueerror.cpp" line="94"/>
        <source>. Nothing of this change was stored; intake stops</source>
        <translation>。本次更改没有任何内容被保存；停止接收消息</translation>
    </message>
</context>
<context>
    <name>mqhook::QueueForm</name>
    <message>
        <location filename="../gui/forms/queueform.cpp" line="25"/>
        <source>On disk (SQLite)</source>
        <translation>磁盘（SQLite）</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.cpp" line="25"/>
        <source>In memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.cpp" line="42"/>
        <source>In memory, every message mqhook has acknowledged and not yet delivered is lost when it stops or crashes.</source>
        <translation>使用内存队列时，mqhook 已确认但尚未投递的每条消息都会在它停止或崩溃时丢失。</translation>
    </message>
    <message>
        <location filename="../gui/forms/queueform.cpp" line="44"/>
        <source>Queue settings take effect when forwarding starts, not on reload.</source>
        <translation>队列设置在开始转发时生效，重新加载时不生效。</translation>
    </message>
</context>
<context>
    <name>mqhook::RatesChart</name>
    <message>
        <location filename="../gui/live/rateschart.cpp" line="69"/>
        <source>received msg/s</source>
        <translation>接收 条/秒</translation>
    </message>
    <message>
        <location filename="../gui/live/rateschart.cpp" line="70"/>
        <source>delivered msg/s</source>
        <translation>投递 条/秒</translation>
    </message>
    <message>
        <location filename="../gui/live/rateschart.cpp" line="71"/>
        <source>p50 latency (ms)</source>
        <translation>p50 延迟（毫秒）</translation>
    </message>
    <message>
        <location filename="../gui/live/rateschart.cpp" line="72"/>
        <source>p99 latency (ms)</source>
        <translation>p99 延迟（毫秒）</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/rateschart.cpp" line="151"/>
        <source>No messages in the last %n minute(s).</source>
        <translation>
            <numerusform>最近 %n 分钟内没有消息。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/live/rateschart.cpp" line="155"/>
        <source>Last second: %1 received, %2 delivered, %3 failed attempts; latency p50 %4 ms, p99 %5 ms</source>
        <translation>上一秒：接收 %1 条，投递 %2 条，失败尝试 %3 次；延迟 p50 %4 毫秒，p99 %5 毫秒</translation>
    </message>
</context>
<context>
    <name>mqhook::RequestPreview</name>
    <message>
        <location filename="../gui/live/requestpreview.cpp" line="104"/>
        <source>The configuration of the route %1 is not known here.</source>
        <translation>这里不知道路由 %1 的配置。</translation>
    </message>
    <message>
        <location filename="../gui/live/requestpreview.cpp" line="105"/>
        <source>%1 has no route %2: the request cannot be shown.</source>
        <translation>%1 中没有路由 %2：无法显示请求。</translation>
    </message>
    <message>
        <location filename="../gui/live/requestpreview.cpp" line="145"/>
        <source>Only the first %1 of the payload&apos;s %2 bytes were recorded: the body is not shown.</source>
        <translation>载荷共 %2 字节，只记录了前 %1 字节：不显示请求体。</translation>
    </message>
    <message>
        <location filename="../gui/live/requestpreview.cpp" line="151"/>
        <source>The route sends batches (batch.max_messages %1): the request carried this message among others; it is shown alone.</source>
        <translation>该路由按批发送（batch.max_messages %1）：实际请求中还带有其他消息；这里只显示这一条。</translation>
    </message>
    <message>
        <location filename="../gui/live/requestpreview.cpp" line="155"/>
        <source>Rendered from %1.</source>
        <translation>按 %1 渲染。</translation>
    </message>
</context>
<context>
    <name>mqhook::RouteForm</name>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="39"/>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="48"/>
        <source>HTTP (http:// addresses)</source>
        <translation>HTTP（http:// 地址）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="49"/>
        <source>HTTPS (https:// addresses)</source>
        <translation>HTTPS（https:// 地址）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="65"/>
        <source>Every address gets every message</source>
        <translation>每个地址都收到每条消息</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="66"/>
        <source>One address per message, in turn (fail over to the next)</source>
        <translation>每条消息轮流发给一个地址（失败时转到下一个）</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="89"/>
        <source>None: as fast as possible</source>
        <translation>不保证：尽快投递</translation>
    </message>
    <message>
        <location filename="../gui/forms/routeform.cpp" line="90"/>
        <source>Per topic: a topic&apos;s messages arrive in order</source>
        <translation>按主题：同一主题的消息按顺序到达</translation>
    </message>
</context>
<context>
    <name>mqhook::SettingsDialog</name>
    <message>
        <location filename="../gui/forms/settingsdialog.cpp" line="30"/>
        <source>Quit (Ctrl+Q, or in the tray icon&apos;s menu) still ends mqhook, and stops forwarding first.</source>
        <translation>“退出”（Ctrl+Q，或托盘图标菜单中的“退出”）仍会结束 mqhook，并先停止转发。</translation>
    </message>
    <message>
        <location filename="../gui/forms/settingsdialog.cpp" line="32"/>
        <source>This desktop has no system tray.</source>
        <translation>此桌面没有系统托盘。</translation>
    </message>
</context>
<context>
    <name>mqhook::StatusPanel</name>
    <message>
        <location filename="../gui/statuspanel.cpp" line="50"/>
        <source>Not forwarding</source>
        <translation>未在转发</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="123"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="127"/>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="131"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="135"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="136"/>
        <source>%1 at %2: %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/statuspanel.cpp" line="138"/>
        <source>%n message(s) waiting for the queue before the broker is told</source>
        <translation>
            <numerusform>%n 条消息等待队列提交，之后才向代理确认</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="141"/>
        <source>Last error: %1</source>
        <translation>最近的错误：%1</translation>
    </message>
    <message>
        <location filename="../gui/statuspanel.cpp" line="146"/>
        <source>%1 msg/s</source>
        <translation>%1 条/秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/statuspanel.cpp" line="147"/>
        <source>queue: %n message(s)</source>
        <translation>
            <numerusform>队列：%n 条消息</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::StringListEditor</name>
    <message>
        <location filename="../gui/stringlisteditor.cpp" line="29"/>
        <source>Add an entry</source>
        <translation>添加一项</translation>
    </message>
    <message>
        <location filename="../gui/stringlisteditor.cpp" line="30"/>
        <source>Remove the selected entry</source>
        <translation>删除选中的项</translation>
    </message>
    <message>
        <location filename="../gui/stringlisteditor.cpp" line="31"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../gui/stringlisteditor.cpp" line="32"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>mqhook::TableEditor</name>
    <message>
        <location filename="../gui/tableeditor.cpp" line="48"/>
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../gui/tableeditor.cpp" line="51"/>
        <source>Remove the selected row</source>
        <translation>删除选中的行</translation>
    </message>
</context>
<context>
    <name>mqhook::TopicModel</name>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="131"/>
        <source>no route matches</source>
        <translation>没有匹配的路由</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="235"/>
        <source>(empty level)</source>
        <translation>（空层级）</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="239"/>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="248"/>
        <source>%1; not routed: %2</source>
        <translation>%1；未路由：%2</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="257"/>
        <source>(the first %1 of %2 bytes)</source>
        <translation>（%2 字节中的前 %1 字节）</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="293"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="295"/>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="297"/>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="299"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../gui/live/topicmodel.cpp" line="301"/>
        <source>Last payload</source>
        <translation>最近载荷</translation>
    </message>
</context>
<context>
    <name>mqhook::TopicView</name>
    <message>
        <location filename="../gui/live/topicview.cpp" line="27"/>
        <location filename="../gui/live/topicview.cpp" line="29"/>
        <source>Find a topic level</source>
        <translation>查找主题层级</translation>
    </message>
    <message>
        <location filename="../gui/live/topicview.cpp" line="44"/>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/topicview.cpp" line="91"/>
        <source>%n topic(s)</source>
        <translation>
            <numerusform>%n 个主题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/live/topicview.cpp" line="93"/>
        <source>; %n message(s) on further topics are not shown (the overview keeps %1 topics)</source>
        <translation>
            <numerusform>；另有 %n 条消息所在的主题未显示（概览最多保留 %1 个主题）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::TrayIcon</name>
    <message>
        <location filename="../gui/trayicon.cpp" line="80"/>
        <source>Not forwarding</source>
        <translation>未在转发</translation>
    </message>
    <message>
        <location filename="../gui/trayicon.cpp" line="93"/>
        <source>mqhook — %1</source>
        <translation>mqhook — %1</translation>
    </message>
    <message>
        <location filename="../gui/trayicon.cpp" line="99"/>
        <source>&amp;Hide Window</source>
        <translation>隐藏窗口(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/trayicon.cpp" line="99"/>
        <source>&amp;Show Window</source>
        <translation>显示窗口(&amp;S)</translation>
    </message>
</context>
<context>
    <name>mqhook::WhereEditor</name>
    <message>
        <location filename="../gui/tableeditor.cpp" line="161"/>
        <source>Payload path</source>
        <translation>载荷路径</translation>
    </message>
    <message>
        <location filename="../gui/tableeditor.cpp" line="161"/>
        <source>Operator</source>
        <translation>运算符</translation>
    </message>
    <message>
        <location filename="../gui/tableeditor.cpp" line="161"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
</TS>
