"""The help site: a PAC file that sends only AI hosts through the proxy, the CA
certificate for download, and install steps per operating system (Chinese first).

Served through the proxy at http://privacy-guard.internal/ and directly on the
help port (a PAC file must be fetched before the browser uses the proxy).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from mitmproxy import http

from proxy.datadir import DataDir

from proxy.runtime import LiveRuntime, Runtime

__all__ = ["HelpSite", "HelpAddon", "HELP_HOST", "SESSION_PATH", "is_help_host", "pac_file"]

HELP_HOST = "privacy-guard.internal"
#: The class-session page (`proxy.mitm.session_addon`), served through the proxy only.
SESSION_PATH = "/session"


def is_help_host(host: str) -> bool:
    return host.lower().rstrip(".") == HELP_HOST


def pac_file(hosts: list[str], proxy: str) -> str:
    """A PAC file: listed AI hosts (and the help host) go to `proxy`, everything else DIRECT."""
    exact = sorted({h.lower() for h in hosts if not any(c in h for c in "*?[")} | {HELP_HOST})
    wild = sorted({h.lower() for h in hosts if any(c in h for c in "*?[")})
    return (
        "// privacy-guard: only AI services go through the school's privacy proxy.\n"
        "function FindProxyForURL(url, host) {\n"
        "  host = host.toLowerCase();\n"
        f"  var exact = {json.dumps(exact)};\n"
        f"  var wild = {json.dumps(wild)};\n"
        "  for (var i = 0; i < exact.length; i++) { if (host === exact[i]) return \"PROXY " + proxy + "\"; }\n"
        "  for (var j = 0; j < wild.length; j++) { if (shExpMatch(host, wild[j])) return \"PROXY " + proxy + "\"; }\n"
        "  return \"DIRECT\";\n"
        "}\n"
    )


_STEPS = (
    ("Windows", "下载 <a href=/ca.cer>ca.cer</a>，双击 → “安装证书” → “本地计算机” → “将所有的证书都放入下列存储” → “受信任的根证书颁发机构” → 完成。"),
    ("macOS", "下载 <a href=/ca.pem>ca.pem</a>，双击加入“钥匙串访问”的“系统”钥匙串，双击该证书 → “信任” → “始终信任”。"),
    ("iPhone / iPad", "用 Safari 打开本页下载 <a href=/ca.pem>ca.pem</a> → “设置” → “已下载描述文件” → 安装；再到“通用 → 关于本机 → 证书信任设置”打开完全信任。"),
    ("Android", "下载 <a href=/ca.cer>ca.cer</a> → “设置” → “安全” → “加密与凭据” → “安装证书” → “CA 证书”。"),
    ("Chromebook / Linux", "Chrome：设置 → 隐私和安全 → 安全 → 管理证书 → 授权机构 → 导入 <a href=/ca.pem>ca.pem</a>，勾选“信任此证书以标识网站”。Firefox：设置 → 证书 → 查看证书 → 证书颁发机构 → 导入。"),
)


_PAC_STEPS = (
    ("Windows 10 / 11", "“设置” → “网络和 Internet” → “代理” → “使用设置脚本”：打开，“脚本地址”填入上面的地址 → “保存”。"),
    ("macOS", "“系统设置” → “网络” → 当前网络 → “详细信息” → “代理” → 打开“自动代理配置”，URL 填入上面的地址 → “好”。"),
    ("iPhone / iPad", "“设置” → “无线局域网” → 当前网络右侧 ⓘ → “配置代理” → “自动”，URL 填入上面的地址 → “存储”。"),
    ("Android", "“设置” → “WLAN” → 长按当前网络 → “修改网络” → “高级选项” → “代理” → “自动配置代理（PAC）”，填入上面的地址。"),
    ("Chromebook", "“设置” → “网络” → 当前 Wi-Fi → “代理” → “自动代理配置”，填入上面的地址。"),
    ("Linux（GNOME）", "“设置” → “网络” → “网络代理” → “自动”，“配置 URL”填入上面的地址。"),
    ("Firefox（任何系统）", "“设置” → “常规” → “网络设置” → “自动代理配置的 URL”，填入上面的地址，并勾选“不提示身份验证”。"),
)


class HelpSite:
    """The pages themselves, served through the proxy (`HelpAddon`) and on the help port (`HelpServer`)."""

    def __init__(self, live: LiveRuntime) -> None:
        self._live = live
        #: The help server's port, once it listens (for the full PAC address on the page).
        self.help_port: int | None = None
        self._fingerprint: tuple[Path, str | None] | None = None

    def ca_fingerprint(self) -> str | None:
        runtime = self._live.current
        if runtime is None:
            return None
        if self._fingerprint is None or self._fingerprint[0] != runtime.data_dir or self._fingerprint[1] is None:
            self._fingerprint = (runtime.data_dir, DataDir(runtime.data_dir).ca_fingerprint())
        return self._fingerprint[1]

    def _ca_dir(self) -> Path | None:
        runtime = self._live.current
        return runtime.data_dir if runtime is not None else None

    def respond(self, request: http.Request, proxy_address: str | None = None) -> http.Response:
        path = request.path.split("?", 1)[0]
        runtime = self._live.current
        proxy = proxy_address or _proxy_from_host(request, runtime)
        if path in ("/proxy.pac", "/wpad.dat"):
            hosts = runtime.catalog.hosts() if runtime is not None else []
            return http.Response.make(200, pac_file(hosts, proxy), {"content-type": "application/x-ns-proxy-autoconfig"})
        if path in ("/ca.pem", "/ca.cer", "/ca.p12"):
            return self._certificate(path)
        if path in ("/", "/index.html"):
            return http.Response.make(200, self._page(runtime, self._pac_url(request, proxy)),
                                      {"content-type": "text/html; charset=utf-8"})
        return http.Response.make(404, "not found", {"content-type": "text/plain"})

    def _certificate(self, path: str) -> http.Response:
        ca_dir = self._ca_dir()
        # Only the public certificate is ever served, never the private key.
        cert = DataDir(ca_dir).ca_cert_files[path.rsplit(".", 1)[1]] if ca_dir is not None else None
        if cert is None or not cert.exists():
            return http.Response.make(404, "CA certificate not generated yet", {"content-type": "text/plain"})
        ctype = "application/x-x509-ca-cert" if path != "/ca.p12" else "application/x-pkcs12"
        return http.Response.make(
            200, cert.read_bytes(),
            {"content-type": ctype, "content-disposition": f"attachment; filename=privacy-guard-{path[1:]}"},
        )

    def _pac_url(self, request: http.Request, proxy: str) -> str:
        """The full PAC address, reachable before any proxy is set: the help port on the proxy's address."""
        host = proxy.rsplit(":", 1)[0]
        if self.help_port is not None:
            return f"http://{host}:{self.help_port}/proxy.pac"
        return f"http://{request.host_header or host}/proxy.pac"

    def _page(self, runtime: Runtime | None, pac_url: str = "/proxy.pac") -> str:
        services = sorted({s.name for s in runtime.catalog.services}) if runtime is not None else []
        steps = "".join(f"<h3>{html.escape(os_)}</h3><p>{text}</p>" for os_, text in _STEPS)
        pac_steps = "".join(f"<li><b>{html.escape(os_)}</b>：{html.escape(text)}</li>" for os_, text in _PAC_STEPS)
        fingerprint = self.ca_fingerprint() or "（尚未生成）"
        subject = (DataDir(runtime.data_dir).ca_subject() if runtime is not None else None) or ""
        pac = html.escape(pac_url)
        return (
            "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>学校 AI 隐私保护网关</title>"
            "<body style='font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.6'>"
            "<h1>学校 AI 隐私保护网关</h1>"
            "<p>本网关只检查发往 AI 服务的内容，防止学生个人信息、试题和密钥被发送出去；其他网站（银行、邮箱等）不经过检查。</p>"
            "<h2>第一步：安装学校的根证书</h2>"
            f"<p>证书名称：<code id=ca-subject>{html.escape(subject)}</code><br>SHA-256 指纹：<code id=ca-fingerprint>"
            f"{html.escape(fingerprint)}</code><br>安装前请核对设备上显示的指纹与此处（及学校通知中）的一致。</p>"
            + steps +
            "<p id=android-note><b>注意（Android）：</b>Android 7 及以上，很多应用（包括部分 AI 应用）默认不信任用户自己安装的证书，"
            "只有浏览器等少数应用会信任。这些应用经过本网关时会连接失败；请在浏览器中使用 AI 服务，"
            "或由学校通过设备管理（MDM）把证书安装为系统证书。</p>"
            f"<h2>第二步：设置代理</h2><p>自动代理配置（PAC）地址：<code id=pac-url>{pac}</code></p><ul>{pac_steps}</ul>"
            "<p>使用 API 的程序可设置 <code>HTTPS_PROXY</code>，并信任上面的证书。</p>"
            "<h2>教师：课堂 AI 使用时段</h2><p>课堂上需要让学生使用 AI 时，教师设置好代理后打开 "
            f"<a id=session-link href=http://{HELP_HOST}{SESSION_PATH}>http://{HELP_HOST}{SESSION_PATH}</a>"
            "（需经本网关访问，以教师身份登录），为本班开启或提前关闭指定 AI 服务的使用时段。</p>"
            "<h2>受保护的 AI 服务</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in services) + "</ul>"
            "<hr><p lang=en><b>English:</b> this gateway inspects only traffic to AI services. Install the school's "
            f"CA certificate (links above; SHA-256 {html.escape(fingerprint)}), then set the automatic proxy "
            f"configuration (PAC) URL to <code>{pac}</code>. Many Android apps ignore user-installed CAs.</p></body></html>"
        )


def _proxy_from_host(request: http.Request, runtime: Runtime | None) -> str:
    port = runtime.settings.listen_port if runtime is not None else 8080
    host = request.host_header or request.pretty_host or "127.0.0.1"
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if host == HELP_HOST:
        host = "127.0.0.1"
    return f"{host}:{port}"


def _proxy_from_connection(flow: http.HTTPFlow) -> str | None:
    """The address the client reached the proxy on (its socket's local end), for the PAC file
    and the page: what `privacy-guard.internal` stands for from this client's side."""
    sockname = flow.client_conn.sockname
    if not sockname or not sockname[0] or sockname[0] in ("0.0.0.0", "::"):
        return None
    host = str(sockname[0])
    if host.startswith("::ffff:"):
        host = host[7:]
    return f"[{host}]:{sockname[1]}" if ":" in host else f"{host}:{sockname[1]}"


class HelpAddon:
    """mitmproxy addon: answers requests to `privacy-guard.internal` through the proxy.
    Added before the guard addon, so the guard sees these flows already answered."""

    def __init__(self, site: HelpSite) -> None:
        self.site = site

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error:
            return
        if is_help_host(flow.request.pretty_host):
            flow.response = self.site.respond(flow.request, _proxy_from_connection(flow))
