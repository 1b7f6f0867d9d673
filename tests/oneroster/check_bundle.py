#!/usr/bin/python3
"""check_bundle.py DIR|ZIP — checks a OneRoster 1.1 CSV bundle against the
1EdTech CSV binding's required columns and value formats: the manifest's
versions and file modes, each file's header (the spec's columns in the
spec's order, extension columns only as metadata.*), required fields
filled, GUID-like sourcedIds, ISO 8601 dates, the status, role, type and
classType vocabularies, enabledUser a boolean, and every reference naming
a row of the bundle.  Prints what is wrong and exits 1; prints "ok N
users" otherwise."""
import csv, io, re, sys, zipfile, os

COLS = {
    "orgs.csv": ["sourcedId", "status", "dateLastModified", "name", "type",
                 "identifier", "parentSourcedId"],
    "users.csv": ["sourcedId", "status", "dateLastModified", "enabledUser",
                  "orgSourcedIds", "role", "username", "userIds", "givenName",
                  "familyName", "middleName", "identifier", "email", "sms",
                  "phone", "agentSourcedIds", "grades", "password"],
    "academicSessions.csv": ["sourcedId", "status", "dateLastModified",
                             "title", "type", "startDate", "endDate",
                             "parentSourcedId", "schoolYear"],
    "courses.csv": ["sourcedId", "status", "dateLastModified",
                    "schoolYearSourcedId", "title", "courseCode", "grades",
                    "orgSourcedId", "subjects", "subjectCodes"],
    "classes.csv": ["sourcedId", "status", "dateLastModified", "title",
                    "grades", "courseSourcedId", "classCode", "classType",
                    "location", "schoolSourcedId", "termSourcedIds",
                    "subjects", "subjectCodes", "periods"],
    "enrollments.csv": ["sourcedId", "status", "dateLastModified",
                        "classSourcedId", "schoolSourcedId", "userSourcedId",
                        "role", "primary", "beginDate", "endDate"],
}
REQUIRED = {
    "orgs.csv": ["sourcedId", "name", "type"],
    "users.csv": ["sourcedId", "enabledUser", "orgSourcedIds", "role",
                  "username", "givenName", "familyName"],
    "academicSessions.csv": ["sourcedId", "title", "type", "startDate",
                             "endDate", "schoolYear"],
    "courses.csv": ["sourcedId", "title", "orgSourcedId"],
    "classes.csv": ["sourcedId", "title", "courseSourcedId", "classType",
                    "schoolSourcedId", "termSourcedIds"],
    "enrollments.csv": ["sourcedId", "classSourcedId", "schoolSourcedId",
                        "userSourcedId", "role"],
}
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROLES = {"administrator", "aide", "guardian", "parent", "proctor",
         "relative", "student", "teacher"}
GRADES = {"IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06",
          "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "Other"}
errors = []


def err(msg):
    errors.append(msg)


def read(src, name):
    if os.path.isdir(src):
        p = os.path.join(src, name)
        if not os.path.exists(p):
            return None
        data = open(p, "rb").read()
    else:
        z = zipfile.ZipFile(src)
        if name not in z.namelist():
            return None
        data = z.read(name)
    if data.startswith(b"\xef\xbb\xbf"):
        err("%s: starts with a BOM" % name)
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def main(src):
    man = read(src, "manifest.csv")
    if man is None:
        err("no manifest.csv")
        return
    if man[0] != ["propertyName", "value"]:
        err("manifest header %r" % man[0])
    props = {r[0]: r[1] for r in man[1:]}
    if props.get("manifest.version") != "1.0":
        err("manifest.version %r" % props.get("manifest.version"))
    if props.get("oneroster.version") != "1.1":
        err("oneroster.version %r" % props.get("oneroster.version"))
    rows = {}
    for name, cols in COLS.items():
        mode = props.get("file." + name[:-4])
        if mode not in ("bulk", "delta", "absent"):
            err("manifest: file.%s is %r" % (name[:-4], mode))
        t = read(src, name)
        if mode == "absent":
            if t is not None:
                err("%s present but the manifest says absent" % name)
            continue
        if t is None:
            err("%s missing" % name)
            continue
        head = t[0]
        if head[:len(cols)] != cols:
            err("%s header %r" % (name, head))
        for extra in head[len(cols):]:
            if not extra.startswith("metadata."):
                err("%s: extra column %r" % (name, extra))
        rows[name] = []
        for i, r in enumerate(t[1:], start=2):
            if len(r) != len(head):
                err("%s:%d: %d cells" % (name, i, len(r)))
                continue
            d = dict(zip(head, r))
            d["_line"] = "%s:%d" % (name, i)
            rows[name].append(d)
            for c in REQUIRED[name]:
                if not d[c]:
                    err("%s: %s is empty" % (d["_line"], c))
            if not GUID.match(d["sourcedId"]):
                err("%s: sourcedId %r is not GUID-like" % (d["_line"], d["sourcedId"]))
            if mode == "delta":
                if d["status"] not in ("active", "tobedeleted"):
                    err("%s: status %r" % (d["_line"], d["status"]))
                if not DATETIME.match(d["dateLastModified"]):
                    err("%s: dateLastModified %r" % (d["_line"], d["dateLastModified"]))
    ids = {n: {d["sourcedId"] for d in rows.get(n, [])} for n in COLS}
    for d in rows.get("orgs.csv", []):
        if d["type"] not in ("department", "school", "district", "local", "state", "national"):
            err("%s: org type %r" % (d["_line"], d["type"]))
    for d in rows.get("academicSessions.csv", []):
        if d["type"] not in ("gradingPeriod", "semester", "schoolYear", "term"):
            err("%s: session type %r" % (d["_line"], d["type"]))
        for c in ("startDate", "endDate"):
            if not DATE.match(d[c]):
                err("%s: %s %r" % (d["_line"], c, d[c]))
        if not re.match(r"^\d{4}$", d["schoolYear"]):
            err("%s: schoolYear %r" % (d["_line"], d["schoolYear"]))
    for d in rows.get("users.csv", []):
        if d["role"] not in ROLES:
            err("%s: role %r" % (d["_line"], d["role"]))
        if d["enabledUser"] not in ("true", "false"):
            err("%s: enabledUser %r" % (d["_line"], d["enabledUser"]))
        for o in d["orgSourcedIds"].split(","):
            if o not in ids["orgs.csv"]:
                err("%s: org %r not in orgs.csv" % (d["_line"], o))
        for g in filter(None, d["grades"].split(",")):
            if g not in GRADES:
                err("%s: grade %r" % (d["_line"], g))
    for d in rows.get("courses.csv", []):
        if d["orgSourcedId"] not in ids["orgs.csv"]:
            err("%s: org not in orgs.csv" % d["_line"])
    for d in rows.get("classes.csv", []):
        if d["classType"] not in ("homeroom", "scheduled"):
            err("%s: classType %r" % (d["_line"], d["classType"]))
        if d["courseSourcedId"] not in ids["courses.csv"]:
            err("%s: course not in courses.csv" % d["_line"])
        if d["schoolSourcedId"] not in ids["orgs.csv"]:
            err("%s: school not in orgs.csv" % d["_line"])
        for s in d["termSourcedIds"].split(","):
            if s not in ids["academicSessions.csv"]:
                err("%s: term not in academicSessions.csv" % d["_line"])
    for d in rows.get("enrollments.csv", []):
        if d["role"] not in ("administrator", "proctor", "student", "teacher"):
            err("%s: role %r" % (d["_line"], d["role"]))
        if d["classSourcedId"] not in ids["classes.csv"]:
            err("%s: class not in classes.csv" % d["_line"])
        if d["userSourcedId"] not in ids["users.csv"]:
            err("%s: user not in users.csv" % d["_line"])
        if d["primary"] not in ("", "true", "false"):
            err("%s: primary %r" % (d["_line"], d["primary"]))
    all_ids = [i for n in COLS for i in ids[n]]
    if len(all_ids) != len(set(all_ids)):
        err("a sourcedId is used twice")
    if not errors:
        print("ok %d users" % len(rows.get("users.csv", [])))


main(sys.argv[1])
for e in errors[:20]:
    print(e)
sys.exit(1 if errors else 0)
