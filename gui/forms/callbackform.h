#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class CallbackForm;
}

namespace mqhook {

class RequestTester;
struct PostRequest;
struct PostResult;

// One callback address of a route, and Send test request: a sample message
// rendered with the route's settings, sent to this address, and the answer.
class CallbackForm : public ItemForm
{
    Q_OBJECT

public:
    explicit CallbackForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~CallbackForm() override;

    Ui::CallbackForm *ui() const { return m_ui.get(); }

public slots:
    void sendTestRequest();

signals:
    void busy(const QString &what);

protected:
    void refreshForm() override;

private:
    void showAnswer(const PostRequest &request, const PostResult &result);
    void showProblem(const QString &text);

    std::unique_ptr<Ui::CallbackForm> m_ui;
    RequestTester *m_tester;
    JsonPath m_sampleFor; // the route the sample topic was made for
};

} // namespace mqhook
