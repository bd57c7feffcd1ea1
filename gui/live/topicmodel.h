#pragma once

#include "base/clock.h"
#include "observe/event.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QTimer>

#include <array>
#include <memory>
#include <vector>

namespace mqhook {

// The topics seen, as a tree of their levels (MQTT Explorer's view): per
// topic how many messages came, how many per second lately, the last
// payload, and where it went: the routes that took it, or why none did
// ("sub_deal_config[0]: excluded by excludeTopics \"from/v1/aaa/\"", "no
// route's subTopic matches the topic"). A level above counts what came
// below it. Bounded: topics beyond maxTopics are only counted.
class TopicModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        TopicColumn,
        MessagesColumn,
        RateColumn,
        RoutesColumn,
        PayloadColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role
    {
        FullTopicRole = Qt::UserRole + 1, // the topic of the node
        UnroutedRole,                     // bool: no message on it took a route
    };

    static constexpr int defaultMaxTopics = 20000;
    static constexpr int rateSeconds = 10; // the rate is the mean over these

    explicit TopicModel(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                        QObject *parent = nullptr);

    void setMaxTopics(int topics) { m_maxTopics = topics; }
    // Messages on topics that did not fit.
    qint64 overflow() const { return m_overflow; }
    int topicCount() const { return m_topics; }

    void clear();

    // The index of a topic's node, or an invalid one.
    QModelIndex indexOf(const QString &topic) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    void addEvents(const QList<mqhook::Event> &events, qint64 dropped);
    // Recomputes the rates (once a second on its own).
    void updateRates();

private:
    struct Node
    {
        QString name;
        int parent = -1;
        int row = 0;
        std::vector<int> children;
        QHash<QString, int> childByName;
        qint64 count = 0; // on exactly this topic
        qint64 total = 0; // on it and below
        QByteArray lastPayload;
        qint64 lastSize = 0;
        QStringList routes; // every route it reached
        QString reason;     // why it was last not routed
        std::array<qint32, rateSeconds + 1> buckets{};
        qint64 bucketSecond = 0; // the second buckets.back() counts
        double rate = 0;
    };

    int nodeFor(const QString &topic, bool create);
    QModelIndex indexOfNode(int node, int column) const;
    void emitChanged(const QList<int> &nodes, int firstColumn, int lastColumn);
    void countIn(Node &node, qint64 second);
    double rateOfNode(const Node &node, qint64 second) const;
    qint64 currentSecond() const;

    std::shared_ptr<const Clock> m_clock;
    std::vector<Node> m_nodes;
    std::vector<int> m_top;
    QHash<QString, int> m_topByName;
    QHash<QString, int> m_byTopic; // every node reached so far, by its whole topic
    int m_maxTopics = defaultMaxTopics;
    int m_topics = 0; // nodes with messages of their own
    qint64 m_overflow = 0;
    QTimer m_rateTimer;
};

} // namespace mqhook
