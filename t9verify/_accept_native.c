/*
 * The acceptance path for command lines, compiled: the line-local half of
 * t9verify/accept.py's accept_command_python, with the same contract.
 *
 * scan_command(raw) returns None at the first doubt, or
 *     (record, record hash, approval, outputIntegrity, outputApproval)
 * where each slot is None or (public key, signature, message, signing instant): the
 * decoded key and signature (not yet checked as curve points), the canonical bytes the
 * signature covers, and the instant the trust windows are checked at. What depends on
 * the verification context (the header's appliance, the pins, the pre-approval table,
 * the Ed25519 encodings and equation) is left to the Python half in accept.py.
 *
 * Every rule mirrors a line of accept_command_python; the tests run both halves (and the
 * reference path) on every vector and on mutated lines and require identical outcomes.
 * Helpers return 1 (the rule holds), 0 (a doubt: the line goes to the reference path)
 * or -1 (a Python exception is set; the caller treats it as a doubt as well).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define HOLDS 1
#define DOUBT 0
#define ERROR (-1)
#define CHECK(expr)                 \
    do {                            \
        int check_ = (expr);        \
        if (check_ != HOLDS) {      \
            status = check_;        \
            goto done;              \
        }                           \
    } while (0)

static const int64_t MAX_SAFE_INT = 9007199254740991LL; /* 2**53 - 1 */

/* Rules of a lifecycle (accept.py builds the table from checks.lifecycle). */
enum { RULE_ABSENT = 0, RULE_REQUIRED = 1, RULE_OPTIONAL = 2 };
enum { EXIT_ANY = 0, EXIT_ZERO = 1, EXIT_NONZERO_OR_NULL = 2 };

/* Set once by configure(). */
static PyObject *loads_fn, *dumps_fn, *sort_keys_option, *sha256_fn;
static PyObject *command_keys, *approval_keys_manual, *approval_keys_preapproved;
static PyObject *integrity_keys, *release_keys_manual, *release_keys_preapproved;
static PyObject *approval_bound, *command_types, *permission_names, *requirements;
static PyObject *approval_kind, *integrity_kind, *release_kind, *preapproval_prefix;
static Py_ssize_t max_text, max_body;

#define KEY_NAMES(X)                                                                        \
    X(type) X(seq) X(prev) X(commandId) X(commandName) X(appName) X(customerName)           \
    X(applianceId) X(commandType) X(template) X(body) X(vars) X(permissions) X(reason)      \
    X(submittedAt) X(timeoutSeconds) X(lifecycle) X(transitions) X(approval)                \
    X(outputIntegrity) X(release) X(attachments) X(stdout) X(stderr) X(id) X(version)       \
    X(contentSha256) X(state) X(at) X(manifest) X(publicKey) X(signature) X(kind) X(mode)   \
    X(decision) X(approver) X(decidedAt) X(preApprovalId) X(runIndex) X(templateId)         \
    X(templateVersion) X(templateContentSha256) X(bodySha256) X(startedAt) X(finishedAt)    \
    X(exitCode) X(stdoutSha256) X(stdoutSize) X(stderrSha256) X(stderrSize)                 \
    X(outputIntegritySha256) X(command) X(Kubectl) X(Submitted) X(manual) X(preapproved)    \
    X(approve) X(reject) X(hexdigest)
#define DECLARE_KEY(name) static PyObject *k_##name;
KEY_NAMES(DECLARE_KEY)

/* ---- values ------------------------------------------------------------------------- */

/* A member the caller knows is there (the key set was checked): borrowed. */
static PyObject *member(PyObject *dict, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(dict, key);
    if (value == NULL && !PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    return value;
}

static int is_text(PyObject *value, Py_ssize_t limit)
{
    return PyUnicode_CheckExact(value) && PyUnicode_GET_LENGTH(value) <= limit;
}

static int same_str(PyObject *value, PyObject *expected)
{
    return PyUnicode_CheckExact(value) &&
           (value == expected || PyUnicode_Compare(value, expected) == 0);
}

/* type(value) is int and |value| <= 2**53 - 1 */
static int safe_int(PyObject *value, int64_t *out)
{
    if (!PyLong_CheckExact(value))
        return DOUBT;
    int overflow = 0;
    long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (number == -1 && PyErr_Occurred())
        return ERROR;
    if (overflow || number > MAX_SAFE_INT || number < -MAX_SAFE_INT)
        return DOUBT;
    if (out != NULL)
        *out = number;
    return HOLDS;
}

/* 64 lower-case hex digits */
static int hex64(PyObject *value)
{
    if (!PyUnicode_CheckExact(value) || PyUnicode_GET_LENGTH(value) != 64 ||
        !PyUnicode_IS_ASCII(value))
        return DOUBT;
    const unsigned char *text = PyUnicode_1BYTE_DATA(value);
    for (int i = 0; i < 64; i++) {
        unsigned char c = text[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return DOUBT;
    }
    return HOLDS;
}

/* type(a) is type(b) and a == b */
static int same(PyObject *a, PyObject *b)
{
    if (Py_TYPE(a) != Py_TYPE(b))
        return DOUBT;
    int equal = PyObject_RichCompareBool(a, b, Py_EQ);
    return equal < 0 ? ERROR : equal ? HOLDS : DOUBT;
}

/* The dict holds exactly the keys of the tuple ``names``. */
static int has_exactly(PyObject *dict, PyObject *names)
{
    if (PyDict_GET_SIZE(dict) != PyTuple_GET_SIZE(names))
        return DOUBT;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        int found = PyDict_Contains(dict, PyTuple_GET_ITEM(names, i));
        if (found != 1)
            return found < 0 ? ERROR : DOUBT;
    }
    return HOLDS;
}

static int is_one_of(PyObject *value, PyObject *names)
{
    if (!PyUnicode_CheckExact(value))
        return DOUBT;
    int found = PySequence_Contains(names, value);
    return found < 0 ? ERROR : found ? HOLDS : DOUBT;
}

/* ---- timestamps (timefmt.parse_ms) ----------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t year, int64_t month, int64_t day)
{
    year -= month <= 2;
    int64_t era = floor_div(year, 400);
    int64_t yoe = year - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits(const unsigned char *text, int from, int count, int64_t *out)
{
    int64_t value = 0;
    for (int i = from; i < from + count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return 1;
}

/* YYYY-MM-DDTHH:MM:SS[.mmm]Z as milliseconds since the epoch; DOUBT when not allowed. */
static int parse_instant(PyObject *value, int64_t *out)
{
    static const int days_in_month[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return DOUBT;
    Py_ssize_t length = PyUnicode_GET_LENGTH(value);
    const unsigned char *t = PyUnicode_1BYTE_DATA(value);
    if (length != 20 && length != 24)
        return DOUBT;
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        t[length - 1] != 'Z' || (length == 24 && t[19] != '.'))
        return DOUBT;
    int64_t year, month, day, hour, minute, second, millis = 0;
    if (!digits(t, 0, 4, &year) || !digits(t, 5, 2, &month) || !digits(t, 8, 2, &day) ||
        !digits(t, 11, 2, &hour) || !digits(t, 14, 2, &minute) || !digits(t, 17, 2, &second) ||
        (length == 24 && !digits(t, 20, 3, &millis)))
        return DOUBT;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1])
        return DOUBT;
    int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    if ((month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 59)
        return DOUBT;
    *out = days_from_civil(year, month, day) * 86400000 + (hour * 60 + minute) * 60000 +
           second * 1000 + millis;
    return HOLDS;
}

/* ---- strict base64 (b64.decode_strict) ------------------------------------------------- */

/* The value of each base64 character, -1 for any other byte (filled by the module). */
static signed char sextets[256];

static void fill_sextets(void)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    memset(sextets, -1, sizeof sextets);
    for (int i = 0; i < 64; i++)
        sextets[(unsigned char)alphabet[i]] = (signed char)i;
}

static int sextet(unsigned char c)
{
    return sextets[c];
}

/* Canonical padded standard base64 of ``length`` bytes (any length when negative). */
static int decode_base64(PyObject *value, Py_ssize_t length, PyObject **out)
{
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return DOUBT;
    Py_ssize_t size = PyUnicode_GET_LENGTH(value);
    const unsigned char *t = PyUnicode_1BYTE_DATA(value);
    if (size % 4 != 0)
        return DOUBT;
    int pads = 0;
    if (size >= 4 && t[size - 1] == '=')
        pads = t[size - 2] == '=' ? 2 : 1;
    /* The spare bits of the last character before the padding must be zero. */
    if (pads == 2 && (sextet(t[size - 3]) < 0 || sextet(t[size - 3]) % 16 != 0))
        return DOUBT;
    if (pads == 1 && (sextet(t[size - 2]) < 0 || sextet(t[size - 2]) % 4 != 0))
        return DOUBT;
    Py_ssize_t decoded = size / 4 * 3 - pads;
    if (length >= 0 && decoded != length)
        return DOUBT;
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, decoded);
    if (bytes == NULL)
        return ERROR;
    unsigned char *o = (unsigned char *)PyBytes_AS_STRING(bytes);
    Py_ssize_t written = 0;
    for (Py_ssize_t i = 0; i < size; i += 4) {
        int last = i + 4 == size;
        int quad[4];
        for (int j = 0; j < 4; j++) {
            quad[j] = (last && j >= 4 - pads) ? 0 : sextet(t[i + j]);
            if (quad[j] < 0) {
                Py_DECREF(bytes);
                return DOUBT;
            }
        }
        uint32_t bits = (uint32_t)quad[0] << 18 | (uint32_t)quad[1] << 12 |
                        (uint32_t)quad[2] << 6 | (uint32_t)quad[3];
        unsigned char three[3] = {bits >> 16 & 0xff, bits >> 8 & 0xff, bits & 0xff};
        int keep = last ? 3 - pads : 3;
        memcpy(o + written, three, keep);
        written += keep;
    }
    *out = bytes;
    return HOLDS;
}

/* ---- hashing and canonical bytes ------------------------------------------------------ */

/* hashlib.sha256(data).hexdigest() as a new str */
static PyObject *sha256_hex(PyObject *data)
{
    PyObject *hash = PyObject_CallOneArg(sha256_fn, data);
    if (hash == NULL)
        return NULL;
    PyObject *hex = PyObject_CallMethodNoArgs(hash, k_hexdigest);
    Py_DECREF(hash);
    return hex;
}

/* orjson.dumps(value, option=OPT_SORT_KEYS): the canonical bytes */
static PyObject *canonical(PyObject *value)
{
    PyObject *args[3] = {value, Py_None, sort_keys_option};
    return PyObject_Vectorcall(dumps_fn, args, 3, NULL);
}

/* The colons in ``bytes``, eight bytes at a time: a lane of ``word ^ ':'`` is zero
   exactly where a colon was, and the carry-free test below marks exactly those lanes. */
static Py_ssize_t count_colons(const char *bytes, Py_ssize_t size)
{
    const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
    Py_ssize_t colons = 0, i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        word ^= ones * ':';
        uint64_t nonzero = ((word & low7) + low7) | word;
        /* one bit per marked lane, moved to the lane's low bit and summed by a multiply */
        colons += (Py_ssize_t)((((~nonzero & (ones << 7)) >> 7) * ones) >> 56);
    }
    for (; i < size; i++)
        colons += bytes[i] == ':';
    return colons;
}

/* No \u003a escape (it would blind the duplicate-key count): see accept.py. */
static int has_escaped_colon(const char *bytes, Py_ssize_t size)
{
    const char *at = bytes, *end = bytes + size;
    while ((at = memchr(at, '\\', end - at)) != NULL) {
        if (end - at >= 6 && memcmp(at + 1, "u003", 4) == 0 && (at[5] == 'a' || at[5] == 'A'))
            return 1;
        at++;
    }
    return 0;
}

/* ---- the record ------------------------------------------------------------------------ */

static int string_map(PyObject *value)
{
    if (!PyDict_CheckExact(value))
        return DOUBT;
    Py_ssize_t position = 0;
    PyObject *key, *item;
    while (PyDict_Next(value, &position, &key, &item)) {
        if (!PyUnicode_CheckExact(key) || !PyUnicode_IS_ASCII(key) || !is_text(item, max_text))
            return DOUBT;
    }
    return HOLDS;
}

static int record_fields(PyObject *record)
{
    PyObject *text_fields[] = {k_commandId,   k_commandName, k_appName,
                               k_customerName, k_applianceId, k_reason};
    for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++) {
        PyObject *value = member(record, text_fields[i]);
        if (value == NULL)
            return ERROR;
        if (!is_text(value, max_text))
            return DOUBT;
    }
    PyObject *body = member(record, k_body), *seq = member(record, k_seq);
    PyObject *timeout = member(record, k_timeoutSeconds), *prev = member(record, k_prev);
    PyObject *type = member(record, k_commandType), *perms = member(record, k_permissions);
    PyObject *template = member(record, k_template), *vars = member(record, k_vars);
    if (!body || !seq || !timeout || !prev || !type || !perms || !template || !vars)
        return ERROR;
    int64_t seconds;
    if (!is_text(body, max_body) || safe_int(seq, NULL) != HOLDS)
        return DOUBT;
    if (safe_int(timeout, &seconds) != HOLDS || seconds < 0 || hex64(prev) != HOLDS)
        return DOUBT;
    if (is_one_of(type, command_types) != HOLDS || is_one_of(perms, permission_names) != HOLDS)
        return DOUBT;
    int kubectl = same_str(type, k_Kubectl);
    if (template == Py_None)
        return kubectl ? string_map(vars) : DOUBT;
    if (kubectl || !PyDict_CheckExact(template) || PyDict_GET_SIZE(template) != 3)
        return DOUBT;
    PyObject *id = PyDict_GetItemWithError(template, k_id);
    PyObject *version = PyDict_GetItemWithError(template, k_version);
    PyObject *content = PyDict_GetItemWithError(template, k_contentSha256);
    if (!id || !version || !content)
        return PyErr_Occurred() ? ERROR : DOUBT;
    if (safe_int(version, NULL) != HOLDS && !is_text(version, max_text))
        return DOUBT;
    if (!is_text(id, max_text) || hex64(content) != HOLDS)
        return DOUBT;
    return string_map(vars);
}

/* One lifecycle rule tuple: (approval, approval decision, integrity, release,
   release decision, exit code); decisions are None or the wanted string. */
typedef struct {
    int approval, integrity, release, exit_code;
    PyObject *approval_decision, *release_decision; /* borrowed; Py_None when any */
} Requirement;

static int requirement_of(PyObject *lifecycle, Requirement *out)
{
    if (!PyUnicode_CheckExact(lifecycle))
        return DOUBT;
    PyObject *rule = PyDict_GetItemWithError(requirements, lifecycle);
    if (rule == NULL)
        return PyErr_Occurred() ? ERROR : DOUBT;
    out->approval = (int)PyLong_AsLong(PyTuple_GET_ITEM(rule, 0));
    out->approval_decision = PyTuple_GET_ITEM(rule, 1);
    out->integrity = (int)PyLong_AsLong(PyTuple_GET_ITEM(rule, 2));
    out->release = (int)PyLong_AsLong(PyTuple_GET_ITEM(rule, 3));
    out->release_decision = PyTuple_GET_ITEM(rule, 4);
    out->exit_code = (int)PyLong_AsLong(PyTuple_GET_ITEM(rule, 5));
    return PyErr_Occurred() ? ERROR : HOLDS;
}

/* Rule 3 and the slots the lifecycle requires; submittedAt as an instant. */
static int lifecycle_rules(PyObject *record, Requirement *rule, int64_t *submitted)
{
    PyObject *lifecycle = member(record, k_lifecycle);
    PyObject *transitions = member(record, k_transitions);
    PyObject *submitted_at = member(record, k_submittedAt);
    if (!lifecycle || !transitions || !submitted_at)
        return ERROR;
    int status = requirement_of(lifecycle, rule);
    if (status != HOLDS)
        return status;
    if (!PyList_CheckExact(transitions) || PyList_GET_SIZE(transitions) == 0)
        return DOUBT;
    if (parse_instant(submitted_at, submitted) != HOLDS)
        return DOUBT;
    int64_t previous = *submitted;
    Py_ssize_t count = PyList_GET_SIZE(transitions);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *step = PyList_GET_ITEM(transitions, i);
        if (!PyDict_CheckExact(step) || PyDict_GET_SIZE(step) != 2)
            return DOUBT;
        PyObject *state = PyDict_GetItemWithError(step, k_state);
        PyObject *at = state ? PyDict_GetItemWithError(step, k_at) : NULL;
        if (at == NULL)
            return PyErr_Occurred() ? ERROR : DOUBT;
        int64_t instant;
        int known = PyUnicode_CheckExact(state) ? PyDict_Contains(requirements, state) : 0;
        if (known != 1) /* every state name has a requirement (accept.py checks) */
            return known < 0 ? ERROR : DOUBT;
        if (parse_instant(at, &instant) != HOLDS || instant < previous)
            return DOUBT;
        previous = instant;
    }
    PyObject *first = PyList_GET_ITEM(transitions, 0);
    PyObject *last = PyList_GET_ITEM(transitions, count - 1);
    if (!same_str(PyDict_GetItem(first, k_state), k_Submitted) ||
        !same_str(PyDict_GetItem(first, k_at), submitted_at) ||
        !same_str(PyDict_GetItem(last, k_state), lifecycle))
        return DOUBT;
    PyObject *slots[3] = {k_approval, k_outputIntegrity, k_release};
    int rules[3] = {rule->approval, rule->integrity, rule->release};
    for (int i = 0; i < 3; i++) {
        PyObject *value = member(record, slots[i]);
        if (value == NULL)
            return ERROR;
        if (value == Py_None ? rules[i] == RULE_REQUIRED
                             : (rules[i] == RULE_ABSENT || !PyDict_CheckExact(value)))
            return DOUBT;
    }
    return HOLDS;
}

/* ---- envelopes --------------------------------------------------------------------------- */

typedef struct {
    PyObject *manifest;                             /* borrowed */
    PyObject *public_key, *signature, *message;     /* owned once found */
    int64_t instant;
} Slot;

static void slot_clear(Slot *slot)
{
    Py_CLEAR(slot->public_key);
    Py_CLEAR(slot->signature);
    Py_CLEAR(slot->message);
}

/* The manifest of an envelope of exactly {manifest, publicKey, signature}, of ``kind``. */
static int open_envelope(PyObject *envelope, PyObject *kind, Slot *slot)
{
    if (PyDict_GET_SIZE(envelope) != 3)
        return DOUBT;
    PyObject *manifest = PyDict_GetItemWithError(envelope, k_manifest);
    if (manifest == NULL)
        return PyErr_Occurred() ? ERROR : DOUBT;
    int found = PyDict_Contains(envelope, k_publicKey);
    if (found == 1)
        found = PyDict_Contains(envelope, k_signature);
    if (found != 1)
        return found < 0 ? ERROR : DOUBT;
    if (!PyDict_CheckExact(manifest))
        return DOUBT;
    PyObject *written = PyDict_GetItemWithError(manifest, k_kind);
    if (written == NULL)
        return PyErr_Occurred() ? ERROR : DOUBT;
    if (!same_str(written, kind))
        return DOUBT;
    slot->manifest = manifest;
    return HOLDS;
}

/* The canonical bytes of the manifest and the strictly decoded key and signature. */
static int seal(PyObject *envelope, Slot *slot)
{
    int status = decode_base64(member(envelope, k_publicKey), 32, &slot->public_key);
    if (status == HOLDS)
        status = decode_base64(member(envelope, k_signature), 64, &slot->signature);
    if (status != HOLDS)
        return status;
    slot->message = canonical(slot->manifest);
    return slot->message == NULL ? ERROR : HOLDS;
}

/* decision is one of the allowed names, and the wanted one when the lifecycle says */
static int decision_allowed(PyObject *decision, PyObject *first, PyObject *second,
                            PyObject *wanted)
{
    if (!same_str(decision, first) && (second == NULL || !same_str(decision, second)))
        return DOUBT;
    return wanted == Py_None || same_str(decision, wanted) ? HOLDS : DOUBT;
}

/* preApprovalId a bounded string and approver exactly "preapproval:" + it */
static int preapproval_signer(PyObject *manifest, PyObject *approver)
{
    PyObject *pre_id = member(manifest, k_preApprovalId);
    if (pre_id == NULL)
        return ERROR;
    if (!is_text(pre_id, max_text))
        return DOUBT;
    PyObject *expected = PyUnicode_Concat(preapproval_prefix, pre_id);
    if (expected == NULL)
        return ERROR;
    int status = same_str(approver, expected) ? HOLDS : DOUBT;
    Py_DECREF(expected);
    return status;
}

static int approval_bindings(PyObject *record, PyObject *manifest)
{
    int status;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(approval_bound); i++) {
        PyObject *name = PyTuple_GET_ITEM(approval_bound, i);
        PyObject *ours = member(record, name), *theirs = member(manifest, name);
        if (!ours || !theirs)
            return ERROR;
        if ((status = same(ours, theirs)) != HOLDS)
            return status;
    }
    PyObject *template = member(record, k_template);
    if (template == NULL)
        return ERROR;
    PyObject *names[3] = {k_id, k_version, k_contentSha256};
    PyObject *bound[3] = {k_templateId, k_templateVersion, k_templateContentSha256};
    for (int i = 0; i < 3; i++) {
        PyObject *ours = template == Py_None ? Py_None : member(template, names[i]);
        PyObject *theirs = member(manifest, bound[i]);
        if (!ours || !theirs)
            return ERROR;
        if ((status = same(ours, theirs)) != HOLDS)
            return status;
    }
    PyObject *body = member(record, k_body), *body_sha = member(manifest, k_bodySha256);
    if (!body || !body_sha)
        return ERROR;
    PyObject *utf8 = PyUnicode_AsUTF8String(body);
    if (utf8 == NULL)
        return ERROR;
    PyObject *hex = sha256_hex(utf8);
    Py_DECREF(utf8);
    if (hex == NULL)
        return ERROR;
    status = same(hex, body_sha);
    Py_DECREF(hex);
    return status;
}

/* The envelope in ``slot_name``, of ``kind``, whose manifest has a mode (manual or
   preapproved) and exactly the keys of that mode. */
static int open_moded(PyObject *record, PyObject *slot_name, PyObject *kind, PyObject *manual,
                      PyObject *preapproved_keys, Slot *slot, int *preapproved)
{
    PyObject *envelope = member(record, slot_name);
    int status = envelope ? open_envelope(envelope, kind, slot) : ERROR;
    if (status != HOLDS)
        return status;
    PyObject *mode = PyDict_GetItemWithError(slot->manifest, k_mode);
    if (mode == NULL)
        return PyErr_Occurred() ? ERROR : DOUBT;
    *preapproved = same_str(mode, k_preapproved);
    if (!*preapproved && !same_str(mode, k_manual))
        return DOUBT;
    return has_exactly(slot->manifest, *preapproved ? preapproved_keys : manual);
}

/* commandApproval: fields, bindings, times, decision; the pre-approval itself is checked
   in Python. */
static int approval_slot(PyObject *record, Requirement *rule, int64_t submitted, Slot *slot)
{
    int preapproved;
    int status = open_moded(record, k_approval, approval_kind, approval_keys_manual,
                            approval_keys_preapproved, slot, &preapproved);
    if (status != HOLDS)
        return status;
    PyObject *manifest = slot->manifest, *envelope = member(record, k_approval);
    if ((status = approval_bindings(record, manifest)) != HOLDS)
        return status;
    PyObject *decision = member(manifest, k_decision), *approver = member(manifest, k_approver);
    PyObject *decided_at = member(manifest, k_decidedAt);
    PyObject *timeout = member(record, k_timeoutSeconds);
    if (!decision || !approver || !decided_at || !timeout)
        return ERROR;
    status = decision_allowed(decision, k_approve, preapproved ? NULL : k_reject,
                              rule->approval_decision);
    if (status != HOLDS)
        return status;
    int64_t seconds;
    if (parse_instant(decided_at, &slot->instant) != HOLDS || safe_int(timeout, &seconds) != HOLDS)
        return DOUBT;
    if (slot->instant < submitted || slot->instant > submitted + seconds * 1000)
        return DOUBT;
    if (!is_text(approver, max_text))
        return DOUBT;
    if (preapproved) {
        PyObject *run_index = member(manifest, k_runIndex);
        if (run_index == NULL)
            return ERROR;
        if ((status = safe_int(run_index, NULL)) != HOLDS)
            return status;
        if ((status = preapproval_signer(manifest, approver)) != HOLDS)
            return status;
    }
    return seal(envelope, slot);
}

/* Hashes and sizes well formed, and equal to the attachments that are present. */
static int output_streams(PyObject *manifest, PyObject *outputs[2])
{
    PyObject *digest_names[2] = {k_stdoutSha256, k_stderrSha256};
    PyObject *size_names[2] = {k_stdoutSize, k_stderrSize};
    for (int i = 0; i < 2; i++) {
        PyObject *digest = member(manifest, digest_names[i]);
        PyObject *size = member(manifest, size_names[i]);
        if (!digest || !size)
            return ERROR;
        int64_t bytes;
        if (hex64(digest) != HOLDS || safe_int(size, &bytes) != HOLDS || bytes < 0)
            return DOUBT;
        if (outputs[i] == NULL)
            continue;
        if (PyBytes_GET_SIZE(outputs[i]) != bytes)
            return DOUBT;
        PyObject *hex = sha256_hex(outputs[i]);
        if (hex == NULL)
            return ERROR;
        int equal = PyUnicode_Compare(hex, digest) == 0;
        Py_DECREF(hex);
        if (!equal)
            return DOUBT;
    }
    return HOLDS;
}

/* outputIntegrity after an approval decided at ``approved``. */
static int integrity_slot(PyObject *record, Requirement *rule, int64_t approved,
                          PyObject *outputs[2], Slot *slot)
{
    PyObject *envelope = member(record, k_outputIntegrity);
    int status = envelope ? open_envelope(envelope, integrity_kind, slot) : ERROR;
    if (status != HOLDS || (status = has_exactly(slot->manifest, integrity_keys)) != HOLDS)
        return status;
    PyObject *manifest = slot->manifest;
    PyObject *started_at = member(manifest, k_startedAt);
    PyObject *finished_at = member(manifest, k_finishedAt);
    PyObject *exit_code = member(manifest, k_exitCode);
    PyObject *ours = member(record, k_commandId), *theirs = member(manifest, k_commandId);
    if (!started_at || !finished_at || !exit_code || !ours || !theirs)
        return ERROR;
    int64_t started, code = 0;
    if (parse_instant(started_at, &started) != HOLDS ||
        parse_instant(finished_at, &slot->instant) != HOLDS)
        return DOUBT;
    if (slot->instant < started || started < approved)
        return DOUBT;
    if ((status = same(ours, theirs)) != HOLDS)
        return status;
    if (exit_code != Py_None && (status = safe_int(exit_code, &code)) != HOLDS)
        return status;
    if ((status = output_streams(manifest, outputs)) != HOLDS)
        return status;
    int zero = exit_code != Py_None && code == 0;
    if ((rule->exit_code == EXIT_ZERO && !zero) ||
        (rule->exit_code == EXIT_NONZERO_OR_NULL && zero))
        return DOUBT;
    return seal(envelope, slot);
}

/* outputApproval: names the exact output, after it finished; the pre-approval (if any)
   is checked in Python. */
static int release_slot(PyObject *record, Requirement *rule, Slot *output, Slot *slot)
{
    int preapproved;
    int status = open_moded(record, k_release, release_kind, release_keys_manual,
                            release_keys_preapproved, slot, &preapproved);
    if (status != HOLDS)
        return status;
    PyObject *manifest = slot->manifest, *envelope = member(record, k_release);
    PyObject *decision = member(manifest, k_decision), *approver = member(manifest, k_approver);
    PyObject *decided_at = member(manifest, k_decidedAt);
    PyObject *ours = member(record, k_commandId), *theirs = member(manifest, k_commandId);
    PyObject *named = member(manifest, k_outputIntegritySha256);
    if (!decision || !approver || !decided_at || !ours || !theirs || !named)
        return ERROR;
    if (parse_instant(decided_at, &slot->instant) != HOLDS || slot->instant < output->instant)
        return DOUBT;
    status = decision_allowed(decision, k_release, k_reject, rule->release_decision);
    if (status != HOLDS || (status = same(ours, theirs)) != HOLDS)
        return status;
    if (!is_text(approver, max_text))
        return DOUBT;
    PyObject *hex = sha256_hex(output->message);
    if (hex == NULL)
        return ERROR;
    int equal = same_str(named, hex);
    Py_DECREF(hex);
    if (!equal)
        return DOUBT;
    if (preapproved && (status = preapproval_signer(manifest, approver)) != HOLDS)
        return status;
    return seal(envelope, slot);
}

/* ---- the line ---------------------------------------------------------------------------- */

/* The decoded streams of ``attachments`` (popped from the record), or a doubt. */
static int take_attachments(PyObject *record, PyObject *outputs[2], Py_ssize_t *pairs)
{
    PyObject *value = PyDict_GetItemWithError(record, k_attachments);
    if (value == NULL)
        return PyErr_Occurred() ? ERROR : DOUBT;
    if (!PyDict_CheckExact(value) || PyDict_GET_SIZE(value) > 2)
        return DOUBT;
    Py_ssize_t position = 0;
    PyObject *stream, *text;
    while (PyDict_Next(value, &position, &stream, &text)) {
        int index = same_str(stream, k_stdout) ? 0 : same_str(stream, k_stderr) ? 1 : -1;
        if (index < 0)
            return DOUBT;
        int status = decode_base64(text, -1, &outputs[index]);
        if (status != HOLDS)
            return status;
    }
    /* The attachments member adds one pair, and one per stream (base64 holds no colon). */
    *pairs = 1 + PyDict_GET_SIZE(value);
    return PyDict_DelItem(record, k_attachments) == 0 ? HOLDS : ERROR;
}

static PyObject *slot_tuple(Slot *slot)
{
    if (slot->message == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(OOOL)", slot->public_key, slot->signature, slot->message,
                         (long long)slot->instant);
}

static int record_digest(PyObject *raw, PyObject *record, Py_ssize_t extra_pairs,
                         PyObject **digest)
{
    PyObject *bytes = canonical(record);
    if (bytes == NULL)
        return ERROR;
    Py_ssize_t colons = count_colons(PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
    int status = DOUBT;
    if (count_colons(PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw)) == colons + extra_pairs) {
        *digest = sha256_hex(bytes);
        status = *digest == NULL ? ERROR : HOLDS;
    }
    Py_DECREF(bytes);
    return status;
}

static int scan_envelopes(PyObject *record, Requirement *rule, int64_t submitted,
                          int attached, PyObject *outputs[2], Slot slots[3])
{
    int status;
    PyObject *values[3];
    PyObject *names[3] = {k_approval, k_outputIntegrity, k_release};
    for (int i = 0; i < 3; i++)
        if ((values[i] = member(record, names[i])) == NULL)
            return ERROR;
    if (attached && values[1] == Py_None) /* output no outputIntegrity binds */
        return DOUBT;
    if (values[0] != Py_None && (status = approval_slot(record, rule, submitted, &slots[0])) != HOLDS)
        return status;
    if (values[1] != Py_None) {
        if (values[0] == Py_None || !same_str(member(slots[0].manifest, k_decision), k_approve))
            return DOUBT;
        status = integrity_slot(record, rule, slots[0].instant, outputs, &slots[1]);
        if (status != HOLDS)
            return status;
    }
    if (values[2] != Py_None) {
        if (values[1] == Py_None)
            return DOUBT;
        if ((status = release_slot(record, rule, &slots[1], &slots[2])) != HOLDS)
            return status;
    }
    return HOLDS;
}

static PyObject *scan_command(PyObject *module, PyObject *raw)
{
    if (loads_fn == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "configure() was not called");
        return NULL;
    }
    if (!PyBytes_CheckExact(raw))
        Py_RETURN_NONE;
    const char *bytes = PyBytes_AS_STRING(raw);
    Py_ssize_t size = PyBytes_GET_SIZE(raw);
    if (size < 2 || bytes[0] != '{' || bytes[size - 1] != '}' || has_escaped_colon(bytes, size))
        Py_RETURN_NONE;
    PyObject *record = PyObject_CallOneArg(loads_fn, raw);
    if (record == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return NULL;
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    int status = HOLDS;
    PyObject *outputs[2] = {NULL, NULL}, *digest = NULL, *type, *result = NULL;
    Slot slots[3] = {{0}, {0}, {0}};
    Py_ssize_t extra_pairs = 0;
    Requirement rule;
    int64_t submitted;
    if (!PyDict_CheckExact(record))
        CHECK(DOUBT);
    if (PyDict_GET_SIZE(record) == PyTuple_GET_SIZE(command_keys) + 1)
        CHECK(take_attachments(record, outputs, &extra_pairs));
    CHECK(has_exactly(record, command_keys));
    CHECK((type = member(record, k_type)) != NULL ? same_str(type, k_command) : ERROR);
    CHECK(record_fields(record));
    CHECK(lifecycle_rules(record, &rule, &submitted));
    CHECK(record_digest(raw, record, extra_pairs, &digest));
    CHECK(scan_envelopes(record, &rule, submitted, extra_pairs > 0, outputs, slots));
    PyObject *parts[3] = {slot_tuple(&slots[0]), slot_tuple(&slots[1]), slot_tuple(&slots[2])};
    if (parts[0] && parts[1] && parts[2])
        result = PyTuple_Pack(5, record, digest, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(parts[i]);
    if (result == NULL)
        status = ERROR;
done:
    for (int i = 0; i < 3; i++)
        slot_clear(&slots[i]);
    Py_XDECREF(outputs[0]);
    Py_XDECREF(outputs[1]);
    Py_XDECREF(digest);
    Py_DECREF(record);
    if (status == ERROR)
        return NULL;
    if (status == DOUBT)
        Py_RETURN_NONE;
    return result;
}

/* ---- the module -------------------------------------------------------------------------- */

/* What configure() sets: the name in its dict, where it goes, the type it must have. */
static const struct {
    const char *name;
    PyObject **slot;
    PyTypeObject *type;
} TABLES[] = {
    {"loads", &loads_fn, NULL},
    {"dumps", &dumps_fn, NULL},
    {"sort_keys", &sort_keys_option, NULL},
    {"sha256", &sha256_fn, NULL},
    {"command_keys", &command_keys, &PyTuple_Type},
    {"approval_keys_manual", &approval_keys_manual, &PyTuple_Type},
    {"approval_keys_preapproved", &approval_keys_preapproved, &PyTuple_Type},
    {"integrity_keys", &integrity_keys, &PyTuple_Type},
    {"release_keys_manual", &release_keys_manual, &PyTuple_Type},
    {"release_keys_preapproved", &release_keys_preapproved, &PyTuple_Type},
    {"approval_bound", &approval_bound, &PyTuple_Type},
    {"command_types", &command_types, &PyTuple_Type},
    {"permissions", &permission_names, &PyTuple_Type},
    {"requirements", &requirements, &PyDict_Type},
    {"approval_kind", &approval_kind, &PyUnicode_Type},
    {"integrity_kind", &integrity_kind, &PyUnicode_Type},
    {"release_kind", &release_kind, &PyUnicode_Type},
    {"preapproval_prefix", &preapproval_prefix, &PyUnicode_Type},
};
#define TABLE_COUNT (sizeof TABLES / sizeof *TABLES)

/* All or nothing: a dict that lacks anything leaves the tables the module had. */
static PyObject *configure(PyObject *module, PyObject *tables)
{
    if (!PyDict_Check(tables)) {
        PyErr_SetString(PyExc_TypeError, "configure() takes a dict");
        return NULL;
    }
    PyObject *found[TABLE_COUNT];
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        found[i] = PyDict_GetItemString(tables, TABLES[i].name);
        if (found[i] == NULL ||
            (TABLES[i].type != NULL && !PyObject_TypeCheck(found[i], TABLES[i].type))) {
            PyErr_Format(PyExc_ValueError, "configure: %s is missing or of the wrong type",
                         TABLES[i].name);
            return NULL;
        }
    }
    Py_ssize_t text_limit, body_limit;
    PyObject *limits = PyDict_GetItemString(tables, "limits");
    if (limits == NULL || !PyTuple_Check(limits) ||
        !PyArg_ParseTuple(limits, "nn", &text_limit, &body_limit)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "configure: limits is missing or of the wrong type");
        return NULL;
    }
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        Py_INCREF(found[i]);
        Py_XSETREF(*TABLES[i].slot, found[i]);
    }
    max_text = text_limit;
    max_body = body_limit;
    Py_RETURN_NONE;
}

/* The timestamp and base64 readers on their own, for the tests that compare them with
   timefmt.parse_ms and b64.decode_strict. */
static PyObject *parse_ms(PyObject *module, PyObject *text)
{
    int64_t instant;
    if (parse_instant(text, &instant) != HOLDS)
        Py_RETURN_NONE;
    return PyLong_FromLongLong(instant);
}

static PyObject *decode_strict(PyObject *module, PyObject *args)
{
    PyObject *text, *bytes = NULL;
    Py_ssize_t length = -1;
    if (!PyArg_ParseTuple(args, "O|n", &text, &length))
        return NULL;
    int status = decode_base64(text, length, &bytes);
    if (status == ERROR)
        return NULL;
    if (status == DOUBT)
        Py_RETURN_NONE;
    return bytes;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_O, "Hand the module the tables and functions it uses."},
    {"scan_command", scan_command, METH_O,
     "The line-local half of the acceptance path: None, or (record, record hash, approval, "
     "outputIntegrity, outputApproval)."},
    {"parse_ms", parse_ms, METH_O, "timefmt.parse_ms, for the tests."},
    {"decode_strict", decode_strict, METH_VARARGS, "b64.decode_strict, for the tests."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "t9verify._accept_native",
    "The compiled half of t9verify's acceptance path (see accept.py).", -1, methods,
    NULL, NULL, NULL, NULL,
};

#define INTERN_KEY(name)                                         \
    if ((k_##name = PyUnicode_InternFromString(#name)) == NULL) \
        return NULL;

PyMODINIT_FUNC PyInit__accept_native(void)
{
    fill_sextets();
    KEY_NAMES(INTERN_KEY)
    return PyModule_Create(&module_def);
}
