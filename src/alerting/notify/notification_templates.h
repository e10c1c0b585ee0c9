#pragma once
// The templates notifier texts are expanded with, as Alertmanager 0.25 loads
// them: its default defines (Vigil's definitions, default_templates.h), then
// the files the configuration's `templates:` globs match, relative to the
// configuration file's directory; a later define replaces an earlier one.

#include <memory>
#include <string>
#include <vector>

#include "alerting/config.h"
#include "alerting/notify/expand.h"
#include "core/error.h"
#include "template/template.h"

namespace vigil::alerting::notify {

// The defaults plus the user's template files. A glob Go's filepath.Glob
// rejects, an unreadable file or a file that does not parse is an
// ErrorKind::invalid_config error naming the file, with Go's wording
// ("template: x.tmpl:3: unexpected ..."). A glob that matches nothing is not
// an error, as in Alertmanager.
Result<tmpl::TemplateSet> load_notification_templates(const AlertingConfig& config);

// Every template text of every receiver's notifiers parses (against the
// functions Alertmanager gives them); an ErrorKind::invalid_config error lists
// each one that does not, with its receiver, integration and field.
Result<void> check_receiver_texts(const AlertingConfig& config);

// Both checks above: what `vigil check alerting` and loading a configuration
// report.
Result<void> check_notification_templates(const AlertingConfig& config);

// Expands a notifier text against `templates` for one notification, as
// Alertmanager's ExecuteTextString: an empty text is empty, a missing map
// key is the zero value, a parse error names the text "".
ExpandText expand_text_with(std::shared_ptr<const tmpl::TemplateSet> templates);

// Loads the templates once (after check_notification_templates' checks) and
// returns the expansion the notifiers call.
Result<ExpandText> make_expand_text(const AlertingConfig& config);

}  // namespace vigil::alerting::notify
