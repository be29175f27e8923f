"""Drives the editor's real forms over HTTP and times a save and a sign-off (see sign-off.sh)."""
import html.parser
import http.cookiejar
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, user, password, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


class Form(html.parser.HTMLParser):
    """The fields of one form (by id), as a browser would post them, and the buttons' formactions."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self.actions, self.textarea = form_id, False, [], {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") == self.form_id or self.form_id is None):
            self.inside, self.form_id = True, a.get("id")
        elif self.inside and tag == "input" and "name" in a:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") not in ("file", "submit"):
                self.fields.append([a["name"], a.get("value", "")])
        elif self.inside and tag == "textarea":
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif self.inside and tag == "button" and "formaction" in a:
            self.actions[a.get("id")] = a["formaction"]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def get(path):
    with opener.open(base + path) as response:
        return response.read().decode()


def form(path, form_id):
    parser = Form(form_id)
    parser.feed(get(path))
    parser.textarea = None
    return parser


def post(path, fields):
    data = urllib.parse.urlencode([tuple(f) for f in fields]).encode()
    try:
        opener.open(urllib.request.Request(base + path, data=data))
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise
        return error.headers["Location"]
    raise RuntimeError(f"POST {path} did not redirect")


sign_in = form("/admin/sign-in", None)
fields = [f for f in sign_in.fields if f[0] == "__RequestVerificationToken"] + [["userName", user], ["password", password]]
post("/admin/sign-in", fields)
started = time.perf_counter()
get("/admin")
print(f"first dashboard (records every first version): {time.perf_counter() - started:.2f}s")

saves, sign_offs = [], []
for i in range(1, rounds + 1):
    edit = f"/admin/edit/conditions/generated-{i * 97:04d}"
    editor = form(edit, "editor-form")
    fields = [[k, v + f"\n\nA sentence added in round {i}." if k == "Form.Body" else v] for k, v in editor.fields]
    started = time.perf_counter()
    location = post(editor.actions["save-button"], fields)
    get(location)
    saves.append(time.perf_counter() - started)
    assert "saved=pending" in location, location

    sign_off = form(edit, "sign-off-form")
    started = time.perf_counter()
    location = post(edit + "?handler=SignOff", sign_off.fields)
    get(location)
    sign_offs.append(time.perf_counter() - started)
    assert "saved=signed-full" in location, location
    print(f"{edit}: save {saves[-1]:.3f}s, sign-off {sign_offs[-1]:.3f}s")

print(f"median of {rounds}: save {statistics.median(saves):.3f}s, sign-off {statistics.median(sign_offs):.3f}s (each the POST and the page it redirects to)")
