<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../core/service/commandline.cpp" line="36"/>
        <source>Exit codes:
  0   success; the service stopped cleanly
  1   runtime error: could not start or keep running
  2   the configuration has errors (each is printed with its place)
  3   dead-letters: no dead letter with the ID given
  64  the command line is wrong
</source>
        <translation>退出码：
  0   成功；服务已正常停止
  1   运行错误：无法启动或无法继续运行
  2   配置有错误（每个错误都会连同位置打印）
  3   dead-letters：没有给定 ID 的死信
  64  命令行有误
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="89"/>
        <source>Forwards MQTT messages to HTTP(S) endpoints, reliably.

Commands (after the options):
</source>
        <translation>可靠地将 MQTT 消息转发到 HTTP(S) 端点。

命令（写在选项之后）：
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="99"/>
        <source>The configuration file (default: $MQHOOK_CONFIG, or %1).</source>
        <translation>配置文件（默认：$MQHOOK_CONFIG，或 %1）。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="102"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="105"/>
        <source>Run headless, as a service, without windows.</source>
        <translation>无界面运行，作为服务，不显示窗口。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="108"/>
        <source>Validate the configuration, print every error and warning, and exit.</source>
        <translation>校验配置，打印所有错误和警告，然后退出。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="112"/>
        <source>Print the normalized configuration, with every default filled in and passwords redacted, and exit.</source>
        <translation>打印规范化后的配置（填入所有默认值，隐去密码），然后退出。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="117"/>
        <source>Override log_config.level: trace, debug, info, warn or error.</source>
        <translation>覆盖 log_config.level：trace、debug、info、warn 或 error。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="119"/>
        <source>level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="122"/>
        <source>Run the example configuration end to end on this machine: a private mosquitto on a free loopback port, an HTTP endpoint in the process, sample messages forwarded and shown as they arrive.</source>
        <translation>在本机端到端运行示例配置：在空闲的回环端口上启动私有 mosquitto，在进程内启动 HTTP 端点，转发示例消息并在到达时显示。</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="160"/>
        <source>--log-level: expected trace, debug, info, warn or error, got &apos;%1&apos;
</source>
        <translation>--log-level：应为 trace、debug、info、warn 或 error，实际为“%1”
</translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="170"/>
        <source>Unknown command &apos;%1&apos;. See --help.
</source>
        <translation>未知命令“%1”。请参阅 --help。
</translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/commandline.cpp" line="186"/>
        <source>%1: %n error(s)</source>
        <translation>
            <numerusform>%1：%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/commandline.cpp" line="202"/>
        <source>%1: OK (%2 broker connection(s), %3 subscription(s), %4 warning(s))</source>
        <translation>%1：正常（%2 个代理连接，%3 个订阅，%4 个警告）</translation>
    </message>
</context>
<context>
    <name>DeadLetterCommand</name>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="110"/>
        <source>No dead letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="120"/>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="120"/>
        <source>TIME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="121"/>
        <source>ROUTE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="121"/>
        <source>TARGET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="122"/>
        <source>TOPIC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="122"/>
        <source>ATTEMPTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="123"/>
        <source>LAST ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="125"/>
        <source>%n dead letter(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="137"/>
        <location filename="../core/service/deadlettercommand.cpp" line="295"/>
        <source>No dead letter with ID %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="142"/>
        <source>Message ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="143"/>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="144"/>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="145"/>
        <source>QoS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="146"/>
        <source>Retain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="147"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="147"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="148"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="151"/>
        <source>Content type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="154"/>
        <source>User property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="155"/>
        <source>Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="156"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="157"/>
        <source>Dead since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="158"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="159"/>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="164"/>
        <source>Dead letter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="171"/>
        <source>Payload: empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="173"/>
        <source>Payload (%n byte(s), text):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="178"/>
        <source>Payload (%n byte(s), binary, in hex):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="186"/>
        <source>No attempts recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="198"/>
        <source>RUN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="198"/>
        <source>ATTEMPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="199"/>
        <source>STARTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="199"/>
        <source>FINISHED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="200"/>
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="200"/>
        <source>ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="215"/>
        <source>Usage: mqhook dead-letters COMMAND
  list          list the dead letters
  show ID       show one dead letter: message, payload and every attempt
  retry ID      put one dead letter back to pending
  retry --all   put every dead letter back to pending
  purge         delete every dead letter
Exit codes: 0 done, 1 queue error, 3 no such dead letter, 64 usage error.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="229"/>
        <source>No command given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="242"/>
        <source>&quot;%1&quot; takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="246"/>
        <source>&quot;show&quot; needs one ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="247"/>
        <source>&quot;retry&quot; needs one ID or --all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="254"/>
        <source>&quot;%1&quot; is not a dead letter ID (a positive number).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="258"/>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="262"/>
        <source>queue.mode is &quot;memory&quot;: dead letters live only inside the running mqhook and cannot be managed from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="285"/>
        <source>Purged %n dead letter(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/service/deadlettercommand.cpp" line="286"/>
        <source>%n dead letter(s) back to pending.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/service/deadlettercommand.cpp" line="298"/>
        <source>Dead letter %1 is back to pending.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mqhook::Demo</name>
    <message>
        <location filename="../core/service/demo.cpp" line="46"/>
        <source>timed out: %1 of %2 requests arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="68"/>
        <source>cannot create a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="82"/>
        <source>endpoint  %1 %2  topic %3  body %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="88"/>
        <source>demo: mosquitto on 127.0.0.1:%1, HTTP endpoint on 127.0.0.1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="101"/>
        <source>the demo needs mosquitto: apt-get install mosquitto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="106"/>
        <source>no free port on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="112"/>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="131"/>
        <source>mosquitto stopped (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="137"/>
        <source>cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="159"/>
        <source>mosquitto does not listen on port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="167"/>
        <source>the bundled example configuration is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="170"/>
        <source>the bundled example configuration does not load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="191"/>
        <source>problem   %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="232"/>
        <source>published %1 messages to the excluded from/v1/aaa/debug, then %2 to from/v1/vehicle-N/status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="242"/>
        <source>an excluded message was forwarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="245"/>
        <source>demo: all %1 requests arrived (%2 messages to 2 endpoints); the excluded topic was not forwarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/service/demo.cpp" line="255"/>
        <source>demo failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mqhook::MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.cpp" line="47"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="47"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="53"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="53"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="53"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="53"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="53"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="67"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="68"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="69"/>
        <source>&amp;Reload</source>
        <translation>重新加载(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="71"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="81"/>
        <source>%1 — mqhook</source>
        <translation>%1 — mqhook</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="93"/>
        <source>Open configuration</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="94"/>
        <source>JSON configuration (*.json);;All files (*)</source>
        <translation>JSON 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="118"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="119"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="123"/>
        <source>%n error(s) in the configuration</source>
        <translation>
            <numerusform>配置中有 %n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="130"/>
        <source>(client id assigned by the broker)</source>
        <translation>（由代理分配客户端 ID）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="131"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="135"/>
        <source>%1 (QoS %2)%3</source>
        <translation>%1（QoS %2）%3</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="138"/>
        <source>, disabled</source>
        <translation>，已禁用</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="140"/>
        <source>callback</source>
        <translation>回调</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="142"/>
        <source>excluded</source>
        <translation>排除</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/mainwindow.cpp" line="149"/>
        <source>%n broker connection(s), %1 warning(s)</source>
        <translation>
            <numerusform>%n 个代理连接，%1 个警告</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mqhook::Outbox</name>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="333"/>
        <source>Cannot create the queue folder %1 (queue.dir)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="343"/>
        <source>The Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="351"/>
        <source>cannot open the queue database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="462"/>
        <source>in-memory queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="464"/>
        <source>Outbox %1: %2: %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="468"/>
        <source>. The folder must be writable: SQLite keeps %1-wal and %1-shm beside the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="473"/>
        <source>. The file is damaged or is not an mqhook queue; move it away to start with an empty queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="477"/>
        <source>. Nothing of this change was stored; intake stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="526"/>
        <source>cannot set up the queue database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="541"/>
        <source>Outbox %1: %2: the file system does not allow write-ahead logging (journal mode is %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="555"/>
        <source>cannot create or upgrade the queue schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="571"/>
        <source>Outbox %1: the queue was written by a newer mqhook (schema version %2, this one knows up to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="583"/>
        <source>cannot upgrade the queue schema to version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="644"/>
        <source>cannot prepare the queue statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="657"/>
        <source>cannot count the pending messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="689"/>
        <source>The outbox is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="705"/>
        <source>cannot store %n message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="788"/>
        <location filename="../core/delivery/outbox.cpp" line="804"/>
        <source>cannot update the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="814"/>
        <source>cannot record %n delivered message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="871"/>
        <source>cannot record %n failed attempt(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../core/delivery/outbox.cpp" line="910"/>
        <source>cannot record %n dead letter(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1063"/>
        <source>cannot read the pending deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1070"/>
        <source>cannot read the requeued dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1088"/>
        <source>cannot list the dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1110"/>
        <source>cannot read dead letter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1158"/>
        <source>cannot retry dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1216"/>
        <source>cannot purge the dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1250"/>
        <source>cannot count the dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1263"/>
        <source>Cannot write %1: %2; a running mqhook picks up the retried dead letters when it restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1279"/>
        <source>Cannot create %1: %2; dead letters retried from the command line are picked up only after a restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/delivery/outbox.cpp" line="1296"/>
        <source>Cannot watch %1; dead letters retried from the command line are picked up only after a restart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
