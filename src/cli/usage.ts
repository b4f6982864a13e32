import { DEFAULT_SANDBOX_PORT } from '../core/send/localSandbox';
import { version } from './version';

/**
 * Each command's usage, kept apart from the commands themselves so that `--help` and the
 * command list never load a command's code. Square brackets mark what is optional: `send`
 * takes its environment from "$request.environment" when --env is not given.
 */
/** The options pull, diff and publish share (each call they make is a send of its own kind). */
const DRAFT_CALL_OPTIONS = `  -e, --env <name>      environment (default: the file's "$request.environment", else local-sandbox, built in)
  -c, --config <path>   config file (default: the nearest esign-drafts.config.json from the file's folder up)
  -f, --format <name>   text (default) or json
      --id <id>         target id (default: the file's "$request.id")
      --timeout <s>     seconds before giving up, per request (default 30)
      --allow-host <h>  also send credentials to this host (repeatable; or ESIGN_DRAFTS_ALLOWED_HOSTS)
      --dotenv <path>   a dotenv file (NAME=value lines) of secrets and variables; real environment variables win`;

export const COMMAND_USAGE = {
  lint: `Usage: esign-drafts lint [--format stylish|json|sarif|github|junit] [--output-file <path>] [--max-warnings <n>]
                         [--quiet] [--fix | --fix-dry-run] [--config <path>] [--env <name> [--pull]] [--now <date>]
                         [<file or glob>...]

Checks payload files against the API's schema and rules. With no file, every payload file under the
working directory (named *.ignisign.json, *.ignisign-v4.json, *.zigned.json, or matched by the config's
"files" globs; in a git work tree, the files git does not ignore).
  -f, --format <name>   stylish (default), json, sarif, github (workflow commands for GitHub Actions
                        annotations) or junit (JUnit XML for GitLab, Jenkins, Azure Pipelines)
  -o, --output-file <p> write the chosen format to this file; stdout then shows stylish
      --max-warnings <n> exit 1 when there are more than n warnings (-1: no limit, the default)
  -q, --quiet           report errors only (--max-warnings still counts the warnings)
      --fix             apply the preferred fixes (the editor's Fix all) and write each file once;
                        a fix that would bring a new error is left out
      --fix-dry-run     the same fixes, not written; --format json lists them under "fixes"
      --error-on-unmatched-pattern
                        a glob that matches no payload file is exit 2 (default: a warning)
  -c, --config <path>   config file (default: the nearest esign-drafts.config.json from the file's folder up)
  -e, --env <name>      check {{variables}} against this environment, as send would
                        (without it: the environment the file names in "$request.environment")
      --pull            with --env: pull each file's target ("$request.id") from that environment and
                        judge the state after the update, as the editor does after a pull (GETs only)
  -y, --yes             let --pull read from a production environment without asking
      --allow-host <h>  also send credentials to this host when pulling (repeatable)
      --now <date>      "now" for the date rules and {{$datetime}} (default: ESIGN_DRAFTS_NOW, else the clock)
      --dotenv <path>   a dotenv file (NAME=value lines) read as environment variables; real ones win
  -h, --help            this text
Exit codes: 0 no error-severity finding, 1 errors found (or more warnings than --max-warnings),
  2 usage or unreadable input.`,
  send: `Usage: esign-drafts send <file> [--env <name>] [--config <path>] [--format text|json] [--id <target id>]
                         [--timeout <seconds>] [--allow-host <host>]... [--yes]

Sends the file's update as the extension would, with the same lint gate and trust rules.
  -e, --env <name>      environment (default: the file's "$request.environment", else local-sandbox, built in)
  -c, --config <path>   config file (default: the nearest esign-drafts.config.json from the file's folder up)
  -f, --format <name>   text (default) or json
      --id <id>         target id (default: the file's "$request.id")
      --timeout <s>     seconds before giving up (default 30)
      --allow-host <h>  also send credentials to this host (repeatable; or ESIGN_DRAFTS_ALLOWED_HOSTS)
      --dotenv <path>   a dotenv file (NAME=value lines) of secrets and variables; real environment variables win
  -y, --yes             confirm a production environment without asking
  -h, --help            this text
Secrets: ESIGN_DRAFTS_SECRET (Ignisign), ESIGN_DRAFTS_CLIENT_ID and ESIGN_DRAFTS_CLIENT_SECRET (Zigned);
  a variable suffixed with the environment name (e.g. ESIGN_DRAFTS_SECRET_STAGING_EU) wins.
Proxies: HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, and NO_PROXY (upper or lower case); loopback always goes direct.
Exit codes: 0 the API answered 2xx, 1 it answered an error status, 2 usage or unreadable input,
  3 no usable answer (network, timeout, TLS, refused by the trust rules), 4 lint errors blocked the send.`,
  pull: `Usage: esign-drafts pull <file> [--env <name>] [--config <path>] [--format text|json] [--id <target id>]
                         [--timeout <seconds>] [--allow-host <host>]...

Gets the current state of the file's target (Ignisign: GET …/signature-requests/:id/context;
Zigned: GET /agreements/:id). With --format json, "body" is the state (Zigned: the agreement, "data").
${DRAFT_CALL_OPTIONS}
  -h, --help            this text
Secrets, proxies and environments as for send.
Exit codes: 0 the API answered 2xx, 1 it answered an error status, 2 usage or unreadable input,
  3 no usable answer (network, timeout, TLS, trust rules, a 2xx that is not a state).`,
  diff: `Usage: esign-drafts diff <file> [--env <name>] [--config <path>] [--format text|json] [--id <target id>]
                         [--timeout <seconds>] [--allow-host <host>]... [--exit-code]

What sending the file would change: pulls the state, applies the update as the API would, compares.
Nothing is sent but the GET. With --format json the result adds "changes":
[ { "path" (JSON Pointer into the state), "op": "add"|"replace"|"remove", "before", "after" } ].
${DRAFT_CALL_OPTIONS}
      --exit-code       exit 1 when sending would change the state, 0 when not (as git diff --exit-code)
  -h, --help            this text
Secrets, proxies and environments as for send.
Exit codes: 0 the state was pulled (changes or not; with --exit-code: no changes), 1 the API answered
  an error status (with --exit-code: or there are changes), 2 usage or unreadable input,
  3 no usable answer (network, timeout, TLS, trust rules).`,
  publish: `Usage: esign-drafts publish <file> [--env <name>] [--send] [--yes] [--config <path>] [--format text|json]
                         [--id <target id>] [--timeout <seconds>] [--allow-host <host>]...

Publishes the target's state on the server (Ignisign: POST …/:id/publish; Zigned: lifecycle "pending").
It pulls the state first and checks it with the publish-readiness rules: problems block (exit 4),
nothing is posted. When the file holds changes the server does not have yet, it refuses (exit 4).
      --send            send the file's update first (with send's lint gate), then publish the result
${DRAFT_CALL_OPTIONS}
  -y, --yes             confirm a production environment without asking
  -h, --help            this text
Secrets, proxies and environments as for send.
Exit codes: 0 published, 1 the API answered an error status, 2 usage or unreadable input,
  3 no usable answer (network, timeout, TLS, trust rules), 4 the readiness gate, send's lint gate
  or unsent changes (without --send) blocked it.`,
  sandbox: `Usage: esign-drafts sandbox [--port N]

Runs the local sandbox (Ignisign v4, Ignisign v3 and Zigned v3 emulators) on 127.0.0.1 until Ctrl+C.
  -p, --port N   port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free port)
  -h, --help     this text
The first line printed is one JSON object describing base URLs, credentials and seeded ids.`,
  lsp: `Usage: esign-drafts lsp --stdio

Runs the language server (diagnostics, quick fixes, completion, hover, formatting for payload
files) over standard input/output, for any LSP editor (Neovim, Helix, ...).
  --stdio        speak LSP on stdin/stdout (the only transport)
  -h, --help     this text
Rules, files and environments come from the nearest esign-drafts.config.json above each file, as
for lint; the editor's "esignDrafts" settings (rules, files, lint.delay) apply where no config does.`,
  'print-config': `Usage: esign-drafts print-config <file> [--config <path>] [--format text|json]

Shows what the file is checked and sent with, and where each part comes from: the config found for
it (from its folder up to the repository root), each rule's severity (default, the config's
"rules", an "overrides" entry, the file's "$lint"), and the environments it can be sent to.
  -c, --config <path>   config file (default: the nearest esign-drafts.config.json from the file's folder up)
  -f, --format <name>   text (default) or json
  -h, --help            this text
Exit codes: 0 shown, 2 usage, an unreadable file or an invalid config.`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMAND_USAGE, name);
}

/** The first line of each usage, i.e. the synopsis. */
function synopsis(command: CommandName): string {
  const [first, ...more] = COMMAND_USAGE[command].split('\n\n')[0].replace(/^Usage: /, '').split('\n');
  const indent = ' '.repeat(`  esign-drafts ${command} `.length);
  return [first, ...more.map((line) => indent + line.trimStart())].join('\n');
}

/** The general help (`esign-drafts --help`), built when asked for: not at every start of every command. */
export function generalHelp(): string {
  return `esign-drafts ${version} — lint, send and try out Ignisign and Zigned draft-update payloads

Usage:
${(Object.keys(COMMAND_USAGE) as CommandName[]).map((c) => '  ' + synopsis(c)).join('\n')}
  esign-drafts <command> --help      a command's options and exit codes
  esign-drafts --version

Configuration: the nearest esign-drafts.config.json from each file's folder up to the repository root
({ "rules": { … }, "files": { … }, "environments": [ … ], "overrides": [ … ] }); see print-config.
`;
}
