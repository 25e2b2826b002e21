// The peer for Kabin's benchmarks: Knative's Node.js function runtime answering a CloudEvent
// with a CloudEvent, the smallest function a faas-js-runtime user would write.
const { CloudEvent } = require('cloudevents');

function handle(context, event) {
  return new CloudEvent({
    source: 'kabin-bench-peer',
    type: 'dev.kabin.bench.echoed',
    subject: event.subject,
    datacontenttype: 'application/json',
    data: { allowed: true, violations: [], echo: event.data },
  });
}

module.exports = { handle };
