// bench_window: mqhook's window forwarding a configuration, with the live
// view in front and following the newest message, for bench/window.sh. It
// measures the GUI thread while it runs: how late a 10 ms timer fires (the
// event loop's latency: reading the events and inserting rows count there)
// and how long each repaint of the window takes (a frame).
//
//   bench_window --config FILE
// Starts forwarding at once; prints "forwarding" once the broker connection
// is subscribed. SIGUSR1 starts a measurement (forgetting what came before),
// SIGUSR2 prints the figures of the measurement, SIGTERM stops forwarding
// and exits.

#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagemodel.h"
#include "mainwindow.h"
#include "service/bridge.h"
#include "service/unixsignalwatcher.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <vector>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

// Times each repaint of a window: the update request it handles, with every
// widget painted that needs it.
class FrameTimer : public QObject
{
public:
    explicit FrameTimer(QWidget *window) { window->installEventFilter(this); }

    std::vector<double> frames;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::UpdateRequest || m_inside)
            return false;
        m_inside = true;
        QElapsedTimer timer;
        timer.start();
        QCoreApplication::sendEvent(watched, event); // the repaint itself
        frames.push_back(double(timer.nsecsElapsed()) / 1e6);
        m_inside = false;
        return true;
    }

private:
    bool m_inside = false;
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::max(1.0, std::ceil(p * double(values.size()))));
    return values[std::min(rank, values.size()) - 1];
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"mqhook-bench"_s);
    QCoreApplication::setApplicationName(u"mqhook-bench"_s);
    const QStringList args = app.arguments();
    const qsizetype configAt = args.indexOf(u"--config"_s);
    if (configAt < 0 || configAt + 1 >= args.size()) {
        std::fputs("usage: bench_window --config FILE\n", stderr);
        return 64;
    }
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());

    MainWindow window(args.at(configAt + 1));
    window.setUnattended(QMessageBox::Discard);
    window.resize(1280, 800);
    window.show();
    window.pages()->setCurrentWidget(window.liveViews()->liveView());
    window.startForwarding();
    if (!window.service()) {
        std::fprintf(stderr, "bench_window: %s\n", qPrintable(window.lastMessage()));
        return 1;
    }
    // Says so once every broker connection is subscribed.
    QTimer readiness;
    readiness.setInterval(50);
    QObject::connect(&readiness, &QTimer::timeout, &app, [&] {
        const Bridge *bridge = window.service() ? window.service()->bridge() : nullptr;
        if (!bridge || bridge->connections().isEmpty())
            return;
        for (const Bridge::ConnectionStatus &connection : bridge->connections()) {
            if (!connection.subscribed)
                return;
        }
        readiness.stop();
        std::puts("forwarding");
        std::fflush(stdout);
    });
    readiness.start();

    // The event loop's latency: how late each tick of a 10 ms timer comes.
    std::vector<double> lateness;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(10);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        if (sinceTick.isValid())
            lateness.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 10.0));
        sinceTick.restart();
    });
    ticker.start();
    FrameTimer frames(&window);

    UnixSignalWatcher signalWatcher;
    for (const int signum : {SIGUSR1, SIGUSR2, SIGTERM, SIGINT})
        signalWatcher.watch(signum);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::unixSignal, &app, [&](int signum) {
        if (signum == SIGUSR1) {
            lateness.clear();
            frames.frames.clear();
            sinceTick.invalidate();
            return;
        }
        if (signum == SIGUSR2) {
            const MessageModel *messages = window.liveViews()->messages();
            std::printf("loop_p50_ms=%.2f loop_p99_ms=%.2f frame_p50_ms=%.2f frame_p99_ms=%.2f "
                        "frames=%zu rows=%d\n",
                        percentile(lateness, 0.5), percentile(lateness, 0.99),
                        percentile(frames.frames, 0.5), percentile(frames.frames, 0.99),
                        frames.frames.size(), messages->rowCount());
            std::fflush(stdout);
            return;
        }
        window.stopForwarding();
        QTimer *quitWhenStopped = new QTimer(&app);
        QObject::connect(quitWhenStopped, &QTimer::timeout, &app, [&] {
            if (!window.service())
                app.quit();
        });
        quitWhenStopped->start(50);
    });
    return app.exec();
}
