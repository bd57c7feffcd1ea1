#include "mqtt/mqttdecoder.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace mqhook;

// Replays the malformed packets of tests/data/mqtt-corpus through the decoder
// for both protocol versions: each must be refused, with a message and a
// reason code, by the versions its name says; nothing may crash or hang.
class tst_MqttCorpus : public QObject
{
    Q_OBJECT

private slots:
    void corpusIsLargeEnough();
    void replay_data();
    void replay();
    void allFilesAsOneStream();

private:
    static QFileInfoList corpusFiles();
};

QFileInfoList tst_MqttCorpus::corpusFiles()
{
    const QDir dir(test::sourcePath(QStringLiteral("tests/data/mqtt-corpus")));
    return dir.entryInfoList({QStringLiteral("*.bin")}, QDir::Files, QDir::Name);
}

void tst_MqttCorpus::corpusIsLargeEnough()
{
    QVERIFY2(corpusFiles().size() >= 50, "tests/data/mqtt-corpus holds fewer than 50 packets");
}

void tst_MqttCorpus::replay_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("mustFail");

    for (const QFileInfo &file : corpusFiles()) {
        const QString name = file.completeBaseName();
        const bool both = name.startsWith(QLatin1String("both-"));
        const bool v311 = both || name.startsWith(QLatin1String("v311-"));
        const bool v5 = both || name.startsWith(QLatin1String("v5-"));
        QVERIFY2(v311 || v5, qPrintable(name + QStringLiteral(": name must start with both-, "
                                                              "v311- or v5-")));
        QTest::newRow(qPrintable(QStringLiteral("3.1.1 ") + name))
            << file.filePath() << int(MqttProtocolVersion::V311) << v311;
        QTest::newRow(qPrintable(QStringLiteral("5.0 ") + name))
            << file.filePath() << int(MqttProtocolVersion::V5) << v5;
    }
}

void tst_MqttCorpus::replay()
{
    QFETCH(QString, path);
    QFETCH(int, version);
    QFETCH(bool, mustFail);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const auto v = MqttProtocolVersion(version);

    MqttPacket packet;
    MqttDecodeError error;
    const bool decoded = MqttDecoder::decode(bytes, v, &packet, &error);
    if (!decoded) {
        QVERIFY(error.reasonCode >= 0x80);
        QVERIFY(!error.message.isEmpty());
    }
    if (!mustFail)
        return; // the other version may accept it; it just must not crash
    QVERIFY2(!decoded, "accepted a malformed packet");

    // The same verdict from the stream decoder, whole and byte by byte.
    MqttDecoder whole(v);
    whole.append(bytes);
    QCOMPARE(whole.next(&packet), MqttDecoder::Result::Error);
    QCOMPARE(whole.error().reasonCode, error.reasonCode);
    QCOMPARE(whole.error().message, error.message);

    MqttDecoder stream(v);
    MqttDecoder::Result result = MqttDecoder::Result::NeedMoreData;
    for (char c : bytes) {
        stream.append(QByteArrayView(&c, 1));
        result = stream.next(&packet);
        if (result != MqttDecoder::Result::NeedMoreData)
            break;
    }
    QCOMPARE(result, MqttDecoder::Result::Error);
    QCOMPARE(stream.error().reasonCode, error.reasonCode);
}

void tst_MqttCorpus::allFilesAsOneStream()
{
    // A valid packet, then garbage: the decoder yields the packet, then
    // stops for good at the first bad one.
    for (const auto v : {MqttProtocolVersion::V311, MqttProtocolVersion::V5}) {
        for (const QFileInfo &info : corpusFiles()) {
            QFile file(info.filePath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            MqttDecoder decoder(v);
            decoder.append(QByteArray::fromHex("d000")); // PINGRESP
            decoder.append(file.readAll());
            MqttPacket packet;
            QCOMPARE(decoder.next(&packet), MqttDecoder::Result::Packet);
            QCOMPARE(packet.type, MqttPacketType::Pingresp);
            for (int i = 0; i < 4; ++i) {
                const MqttDecoder::Result r = decoder.next(&packet);
                if (r != MqttDecoder::Result::Packet)
                    break;
            }
        }
    }
}

QTEST_GUILESS_MAIN(tst_MqttCorpus)
#include "tst_mqttcorpus.moc"
