#pragma once

#include <QLoggingCategory>

// One logging category per subsystem. Use only these, through qCDebug/qCInfo/
// qCWarning/qCCritical.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)  // mqhook.config
Q_DECLARE_LOGGING_CATEGORY(lcMqtt)    // mqhook.mqtt
Q_DECLARE_LOGGING_CATEGORY(lcRouting) // mqhook.routing
Q_DECLARE_LOGGING_CATEGORY(lcHttp)    // mqhook.http
Q_DECLARE_LOGGING_CATEGORY(lcQueue)   // mqhook.queue
Q_DECLARE_LOGGING_CATEGORY(lcService) // mqhook.service
Q_DECLARE_LOGGING_CATEGORY(lcGui)     // mqhook.gui
Q_DECLARE_LOGGING_CATEGORY(lcAdmin)   // mqhook.admin
