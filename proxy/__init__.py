"""Privacy guard for generative AI in schools: the command line and (later) the mitmproxy addons."""
