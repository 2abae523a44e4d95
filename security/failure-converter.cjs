// The failure converter of every Temporal client and worker of the app (./payload-codec.ts
// werkrouteDataConverter): a failure's message and stack trace travel in its encoded attributes, a payload
// that the payload codec encrypts, instead of in plain text in Temporal's history (error texts can name an
// e-mail address, e.g. an SMTP refusal). CommonJS, because the SDK loads it with require() and bundles it into
// the workflow sandbox (it must stay deterministic: only @temporalio/common).
'use strict';
/* global require, exports */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
