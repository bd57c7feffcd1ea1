#include "messagedetail.h"

#include "jsonhighlighter.h"
#include "messagemodel.h"
#include "payloadtext.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

QFont monospace()
{
    QFont font(u"monospace"_s);
    font.setStyleHint(QFont::TypeWriter);
    return font;
}

QPlainTextEdit *textPane(QWidget *parent, const QString &name)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(monospace());
    edit->setAccessibleName(name);
    // Small when the window is: the splitters give them room.
    edit->setMinimumHeight(edit->fontMetrics().height() * 2);
    return edit;
}

QString deliveryOutcome(DeliveryEvents::Outcome outcome)
{
    switch (outcome) {
    case DeliveryEvents::Outcome::Pending:
        return MessageModel::outcomeName(MessageRecord::Outcome::Pending);
    case DeliveryEvents::Outcome::Delivered:
        return MessageModel::outcomeName(MessageRecord::Outcome::Delivered);
    case DeliveryEvents::Outcome::Retrying:
        return MessageModel::outcomeName(MessageRecord::Outcome::Retrying);
    case DeliveryEvents::Outcome::Dead:
        return MessageModel::outcomeName(MessageRecord::Outcome::Dead);
    }
    return {};
}

} // namespace

MessageDetail::MessageDetail(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_modes(new QButtonGroup(this))
    , m_payloadNote(new QLabel(this))
    , m_properties(new QTreeWidget(this))
    , m_deliveries(new QComboBox(this))
    , m_attempts(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);

    // Payload
    auto *payloadPage = new QWidget(m_tabs);
    auto *payloadLayout = new QVBoxLayout(payloadPage);
    auto *modeRow = new QHBoxLayout;
    modeRow->setSpacing(2);
    const std::pair<PayloadMode, QString> modes[] = {{PayloadMode::Json, tr("JSON")},
                                                     {PayloadMode::Text, tr("Text")},
                                                     {PayloadMode::Hex, tr("Hex")}};
    for (const auto &[mode, label] : modes) {
        auto *button = new QToolButton(payloadPage);
        button->setText(label);
        button->setCheckable(true);
        button->setAutoRaise(true);
        m_modes->addButton(button, int(mode));
        modeRow->addWidget(button);
    }
    m_modes->button(int(m_mode))->setChecked(true);
    connect(m_modes, &QButtonGroup::idClicked, this,
            [this](int id) { setPayloadMode(PayloadMode(id)); });
    modeRow->addSpacing(8);
    m_payloadNote->setTextFormat(Qt::PlainText);
    m_payloadNote->setForegroundRole(QPalette::PlaceholderText);
    modeRow->addWidget(m_payloadNote, 1);
    payloadLayout->addLayout(modeRow);
    m_payload = textPane(payloadPage, tr("Payload"));
    m_highlighter = new JsonHighlighter(m_payload->document());
    payloadLayout->addWidget(m_payload, 1);
    m_tabs->addTab(payloadPage, tr("Payload"));

    // Properties
    m_properties->setColumnCount(2);
    m_properties->setHeaderLabels({tr("Property"), tr("Value")});
    m_properties->setRootIsDecorated(false);
    m_properties->setAlternatingRowColors(true);
    m_properties->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tabs->addTab(m_properties, tr("Properties"));

    // Deliveries: the request and every attempt of the one chosen.
    auto *deliveryPage = new QWidget(m_tabs);
    auto *deliveryLayout = new QVBoxLayout(deliveryPage);
    m_deliveries->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_deliveries->setAccessibleName(tr("Delivery"));
    deliveryLayout->addWidget(m_deliveries);
    // The request on the left; its attempts and the answer to the one
    // selected on the right.
    auto *split = new QSplitter(Qt::Horizontal, deliveryPage);
    m_request = textPane(split, tr("Request"));
    m_request->setPlaceholderText(tr("The request this delivery sent"));
    split->addWidget(m_request);
    auto *outcome = new QSplitter(Qt::Vertical, split);
    m_attempts->setMinimumHeight(fontMetrics().height() * 3);
    m_attempts->setColumnCount(6);
    m_attempts->setHeaderLabels(
        {tr("Attempt"), tr("Time"), tr("HTTP"), tr("Latency"), tr("Error"), tr("Next attempt")});
    m_attempts->setRootIsDecorated(false);
    m_attempts->setAlternatingRowColors(true);
    m_attempts->header()->setStretchLastSection(false);
    m_attempts->header()->setSectionResizeMode(4, QHeaderView::Stretch);
    outcome->addWidget(m_attempts);
    m_response = textPane(outcome, tr("Response"));
    m_response->setPlaceholderText(tr("The endpoint's answer to the attempt selected above"));
    outcome->addWidget(m_response);
    split->addWidget(outcome);
    split->setSizes({500, 600});
    deliveryLayout->addWidget(split, 1);
    m_tabs->addTab(deliveryPage, tr("Deliveries"));
    connect(m_deliveries, &QComboBox::currentIndexChanged, this, &MessageDetail::showDelivery);
    connect(m_attempts, &QTreeWidget::currentItemChanged, this, &MessageDetail::showResponse);

    setRecord(std::nullopt);
}

void MessageDetail::setRequestPreview(const RequestPreview &preview)
{
    m_preview = preview;
    showDelivery(m_deliveries->currentIndex());
}

void MessageDetail::setRecord(const std::optional<MessageRecord> &record)
{
    const bool same = record && m_record && record->messageId == m_record->messageId;
    m_record = record;
    setEnabled(record.has_value());
    if (!record) {
        m_title->setText(tr("Select a message to see its payload, properties and deliveries."));
    } else {
        m_title->setText(tr("%1 — %2, %3")
                             .arg(record->topic, MessageModel::fullTimeText(record->time),
                                  MessageModel::outcomeName(record->outcome())));
    }
    showPayload();
    showProperties();
    const int delivery = same ? m_deliveries->currentIndex() : 0;
    showDeliveries();
    if (delivery > 0 && delivery < m_deliveries->count())
        m_deliveries->setCurrentIndex(delivery);
}

void MessageDetail::setPayloadMode(PayloadMode mode)
{
    m_mode = mode;
    if (QAbstractButton *button = m_modes->button(int(mode)))
        button->setChecked(true);
    showPayload();
}

void MessageDetail::showPayload()
{
    m_payloadNote->clear();
    if (!m_record) {
        m_payload->clear();
        return;
    }
    const QByteArray &payload = m_record->preview;
    QString text;
    bool json = false;
    switch (m_mode) {
    case PayloadMode::Json:
        if (const std::optional<QString> pretty = PayloadText::prettyJson(payload)) {
            text = *pretty;
            json = true;
        } else {
            text = PayloadText::plain(payload);
            if (!payload.isEmpty())
                m_payloadNote->setText(tr("not JSON: shown as text"));
        }
        break;
    case PayloadMode::Text:
        text = PayloadText::plain(payload);
        break;
    case PayloadMode::Hex:
        text = PayloadText::hexDump(payload);
        break;
    }
    if (!m_record->payloadComplete()) {
        const QString cut = tr("the first %1 of %2 bytes").arg(payload.size()).arg(m_record->size);
        m_payloadNote->setText(
            m_payloadNote->text().isEmpty() ? cut : tr("%1; %2").arg(m_payloadNote->text(), cut));
    } else if (payload.isEmpty()) {
        m_payloadNote->setText(tr("empty payload"));
    }
    m_highlighter->setEnabled(json);
    m_payload->setPlainText(text);
}

void MessageDetail::showProperties()
{
    m_properties->clear();
    if (!m_record)
        return;
    const MessageRecord &r = *m_record;
    const auto add = [this](const QString &name, const QString &value) {
        auto *item = new QTreeWidgetItem(m_properties, {name, value});
        item->setToolTip(1, value);
    };
    add(tr("Message id"), r.messageId);
    add(tr("Broker connection"), r.clientId);
    add(tr("Topic"), r.topic);
    add(tr("QoS"), QString::number(r.qos));
    add(tr("Retain"), r.retain ? tr("yes") : tr("no"));
    add(tr("Size"), tr("%n byte(s)", nullptr, int(std::min<qint64>(r.size, INT_MAX))));
    add(tr("Received"), MessageModel::fullTimeText(r.time));
    if (!r.contentType.isEmpty())
        add(tr("Content type"), r.contentType);
    for (const auto &[name, value] : r.userProperties)
        add(tr("User property %1").arg(name), value);
    if (r.unrouted)
        add(tr("Not routed"), r.reason);
    else
        add(tr("Routes"), r.routes.join(u", "_s));
}

void MessageDetail::showDeliveries()
{
    const QSignalBlocker blocker(m_deliveries);
    m_deliveries->clear();
    if (m_record) {
        for (const DeliveryEvents &delivery : m_record->deliveries)
            m_deliveries->addItem(
                tr("%1 → %2 (%3)")
                    .arg(delivery.route, delivery.target, deliveryOutcome(delivery.outcome)));
    }
    m_deliveries->setEnabled(m_deliveries->count() > 0);
    m_deliveries->setCurrentIndex(m_deliveries->count() > 0 ? 0 : -1);
    showDelivery(m_deliveries->currentIndex());
}

void MessageDetail::showDelivery(int index)
{
    m_attempts->clear();
    m_request->clear();
    m_response->clear();
    if (!m_record)
        return;
    if (index < 0 || index >= m_record->deliveries.size()) {
        m_request->setPlainText(m_record->unrouted
                                    ? tr("Not routed: %1").arg(m_record->reason)
                                    : tr("No delivery of this message has been heard of yet."));
        return;
    }
    const DeliveryEvents &delivery = m_record->deliveries.at(index);
    const RequestPreview::Request request = m_preview.render(*m_record, delivery);
    QString text;
    if (request.ok) {
        text = u"%1 %2\n"_s.arg(request.method, request.url);
        for (const auto &[name, value] : request.headers)
            text += u"%1: %2\n"_s.arg(name, value);
        text += u'\n';
        if (const std::optional<QString> pretty = PayloadText::prettyJson(request.body))
            text += *pretty;
        else
            text += PayloadText::plain(request.body);
        for (const QString &note : request.notes)
            text += u"\n\n— "_s + note;
    } else {
        text = request.error;
    }
    if (delivery.outcome == DeliveryEvents::Outcome::Dead && !delivery.reason.isEmpty())
        text += u"\n\n"_s + tr("Given up: %1").arg(delivery.reason);
    m_request->setPlainText(text);

    for (const AttemptEvent &attempt : delivery.history) {
        auto *item = new QTreeWidgetItem(m_attempts);
        item->setText(0, QString::number(attempt.attempt));
        item->setText(1, MessageModel::fullTimeText(attempt.time));
        item->setText(2, attempt.httpStatus > 0 ? QString::number(attempt.httpStatus)
                                                : tr("no answer"));
        item->setText(3, MessageModel::latencyText(attempt.latencyUs));
        item->setText(4, attempt.error.isEmpty() ? u"—"_s : attempt.error);
        item->setToolTip(4, attempt.error);
        item->setText(5, MessageModel::fullTimeText(attempt.nextAt));
    }
    if (delivery.attempts > delivery.history.size() && !delivery.history.isEmpty())
        m_attempts->headerItem()->setToolTip(
            0, tr("Only the latest %1 attempts are kept").arg(delivery.history.size()));
    if (m_attempts->topLevelItemCount() > 0)
        m_attempts->setCurrentItem(m_attempts->topLevelItem(m_attempts->topLevelItemCount() - 1));
    for (int column = 0; column < 4; ++column)
        m_attempts->resizeColumnToContents(column);
}

void MessageDetail::showResponse()
{
    m_response->clear();
    const int deliveryIndex = m_deliveries->currentIndex();
    QTreeWidgetItem *item = m_attempts->currentItem();
    if (!m_record || !item || deliveryIndex < 0 || deliveryIndex >= m_record->deliveries.size())
        return;
    const DeliveryEvents &delivery = m_record->deliveries.at(deliveryIndex);
    const int row = m_attempts->indexOfTopLevelItem(item);
    if (row < 0 || row >= delivery.history.size())
        return;
    const QByteArray &response = delivery.history.at(row).response;
    if (const std::optional<QString> pretty = PayloadText::prettyJson(response))
        m_response->setPlainText(*pretty);
    else
        m_response->setPlainText(PayloadText::plain(response));
}

QString MessageDetail::payloadText() const
{
    return m_payload->toPlainText();
}

QString MessageDetail::requestText() const
{
    return m_request->toPlainText();
}

QString MessageDetail::responseText() const
{
    return m_response->toPlainText();
}

} // namespace mqhook
