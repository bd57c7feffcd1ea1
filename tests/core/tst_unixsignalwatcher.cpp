#include "service/unixsignalwatcher.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace mqhook;

class tst_UnixSignalWatcher : public QObject
{
    Q_OBJECT

private slots:
    void deliversWatchedSignals()
    {
        UnixSignalWatcher watcher;
        QString error;
        QVERIFY2(watcher.watch(SIGHUP, &error), qPrintable(error));
        QVERIFY2(watcher.watch(SIGUSR1, &error), qPrintable(error));
        QSignalSpy spy(&watcher, &UnixSignalWatcher::unixSignal);

        ::raise(SIGHUP);
        ::raise(SIGUSR1);
        ::raise(SIGHUP);
        QTRY_COMPARE(spy.size(), 3);
        QCOMPARE(spy.at(0).at(0).toInt(), SIGHUP);
        QCOMPARE(spy.at(1).at(0).toInt(), SIGUSR1);
        QCOMPARE(spy.at(2).at(0).toInt(), SIGHUP);
    }

    void restoresDefaultOnDestruction()
    {
        {
            UnixSignalWatcher watcher;
            QVERIFY(watcher.watch(SIGUSR2));
        }
        struct sigaction current = {};
        QCOMPARE(::sigaction(SIGUSR2, nullptr, &current), 0);
        QVERIFY(current.sa_handler == SIG_DFL);
    }
};

QTEST_GUILESS_MAIN(tst_UnixSignalWatcher)
#include "tst_unixsignalwatcher.moc"
