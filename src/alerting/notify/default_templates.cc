#include "alerting/notify/default_templates.h"

namespace vigil::alerting::notify {

// Every define trims the layout whitespace around its actions, so the
// output holds only what an action or a quoted string writes.
std::string_view default_templates_text() {
  return R"TMPL(
{{- /* Shared pieces: the product name, the link to this receiver's alerts,
       a one-line subject and a plain-text list of alerts. */ -}}

{{- define "__alertmanager" -}} Alertmanager {{- end -}}

{{- define "__alertmanagerURL" -}}
  {{- printf "%s/#/alerts?receiver=%s" .ExternalURL (urlquery .Receiver) -}}
{{- end -}}

{{- /* [FIRING:N] group values (other common values) */ -}}
{{- define "__subject" -}}
  {{- $firing := .Alerts.Firing -}}
  [{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len $firing }}{{ end }}]
  {{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}{{ " " -}}
  {{- if lt (len .GroupLabels) (len .CommonLabels) -}}
    ({{ join " " (.CommonLabels.Remove .GroupLabels.Names).Values }})
  {{- end -}}
{{- end -}}

{{- define "__description" -}}{{- end -}}

{{- define "__text_alert_list" -}}
  {{- range $alert := . -}}
    {{- "Labels:\n" -}}
    {{- range $alert.Labels.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
    {{- "Annotations:\n" -}}
    {{- range $alert.Annotations.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
    {{- printf "Source: %s\n" $alert.GeneratorURL -}}
  {{- end -}}
{{- end -}}

{{- /* Slack: a title linking to the receiver's alerts, nothing else. */ -}}
{{- define "slack.default.title" -}}{{ template "__subject" . }}{{- end -}}
{{- define "slack.default.username" -}}{{ template "__alertmanager" . }}{{- end -}}
{{- define "slack.default.titlelink" -}}{{ template "__alertmanagerURL" . }}{{- end -}}
{{- define "slack.default.fallback" -}}
  {{- template "slack.default.title" . }}{{ " | " }}{{ template "slack.default.titlelink" . -}}
{{- end -}}
{{- define "slack.default.callbackid" -}}{{- end -}}
{{- define "slack.default.pretext" -}}{{- end -}}
{{- define "slack.default.iconemoji" -}}{{- end -}}
{{- define "slack.default.iconurl" -}}{{- end -}}
{{- define "slack.default.text" -}}{{- end -}}
{{- define "slack.default.footer" -}}{{- end -}}

{{- /* PagerDuty: the subject as summary, the alerts as details. */ -}}
{{- define "pagerduty.default.description" -}}{{ template "__subject" . }}{{- end -}}
{{- define "pagerduty.default.client" -}}{{ template "__alertmanager" . }}{{- end -}}
{{- define "pagerduty.default.clientURL" -}}{{ template "__alertmanagerURL" . }}{{- end -}}
{{- define "pagerduty.default.instances" -}}{{ template "__text_alert_list" . }}{{- end -}}

{{- /* Email: Alertmanager's subject; a plain page of Vigil's own. */ -}}
{{- define "email.default.subject" -}}{{ template "__subject" . }}{{- end -}}

{{- define "__email_alert_table" }}
<table border="1" cellpadding="4" cellspacing="0">
<tr><th>Labels</th><th>Annotations</th><th>Since</th><th></th></tr>
  {{- range . }}
<tr><td>
  {{- range .Labels.SortedPairs }}{{ .Name | html }}={{ .Value | html }}<br>{{ end -}}
</td><td>
  {{- range .Annotations.SortedPairs }}<b>{{ .Name | html }}</b>: {{ .Value | html }}<br>{{ end -}}
</td><td>{{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}</td><td><a href="{{ .GeneratorURL | html }}">source</a></td></tr>
  {{- end }}
</table>
{{- end -}}

{{- define "email.default.html" -}}
<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>{{ .Status | toUpper | html }}</title></head>
<body style="font-family: sans-serif">
<p><a href="{{ printf "%s/#/alerts?receiver=%s" .ExternalURL (urlquery .Receiver) | html }}">{{ len .Alerts.Firing }} firing, {{ len .Alerts.Resolved }} resolved</a>
{{- range .GroupLabels.SortedPairs }} {{ .Name | html }}={{ .Value | html }}{{ end }}</p>
{{- if .Alerts.Firing }}
<h3>Firing</h3>{{ template "__email_alert_table" .Alerts.Firing }}
{{- end }}
{{- if .Alerts.Resolved }}
<h3>Resolved</h3>{{ template "__email_alert_table" .Alerts.Resolved }}
{{- end }}
<p>Sent by Vigil</p>
</body>
</html>
{{- end -}}
)TMPL";
}

}  // namespace vigil::alerting::notify
