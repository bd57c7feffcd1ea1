#include "logcategories.h"

Q_LOGGING_CATEGORY(lcConfig, "mqhook.config")
Q_LOGGING_CATEGORY(lcMqtt, "mqhook.mqtt")
Q_LOGGING_CATEGORY(lcRouting, "mqhook.routing")
Q_LOGGING_CATEGORY(lcHttp, "mqhook.http")
Q_LOGGING_CATEGORY(lcQueue, "mqhook.queue")
Q_LOGGING_CATEGORY(lcService, "mqhook.service")
Q_LOGGING_CATEGORY(lcGui, "mqhook.gui")
Q_LOGGING_CATEGORY(lcAdmin, "mqhook.admin")
