#pragma once

#include "messagerecord.h"
#include "requestpreview.h"

#include <QWidget>

#include <optional>

class QButtonGroup;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace mqhook {

class JsonHighlighter;

// The live view's detail pane for one message: the payload (pretty JSON
// with colours, plain text or hex), its MQTT properties, and per delivery
// the request that was sent and every attempt with its status, error,
// latency and the endpoint's answer.
class MessageDetail : public QWidget
{
    Q_OBJECT

public:
    enum class PayloadMode
    {
        Json,
        Text,
        Hex,
    };
    Q_ENUM(PayloadMode)

    explicit MessageDetail(QWidget *parent = nullptr);

    // Shows record (a copy is kept); nullopt shows nothing.
    void setRecord(const std::optional<MessageRecord> &record);
    const std::optional<MessageRecord> &record() const { return m_record; }

    // Where requests are rendered from.
    void setRequestPreview(const RequestPreview &preview);

    PayloadMode payloadMode() const { return m_mode; }
    void setPayloadMode(PayloadMode mode);

    // What the panes show, for copying and tests.
    QString payloadText() const;
    QString requestText() const;
    QString responseText() const;
    QTreeWidget *properties() const { return m_properties; }
    QTreeWidget *attempts() const { return m_attempts; }
    QComboBox *deliveries() const { return m_deliveries; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    void showPayload();
    void showProperties();
    void showDeliveries();
    void showDelivery(int index);
    void showResponse();

    std::optional<MessageRecord> m_record;
    RequestPreview m_preview;
    PayloadMode m_mode = PayloadMode::Json;

    QLabel *m_title;
    QTabWidget *m_tabs;
    QButtonGroup *m_modes;
    QLabel *m_payloadNote;
    QPlainTextEdit *m_payload;
    JsonHighlighter *m_highlighter;
    QTreeWidget *m_properties;
    QComboBox *m_deliveries;
    QPlainTextEdit *m_request;
    QTreeWidget *m_attempts;
    QPlainTextEdit *m_response;
};

} // namespace mqhook
