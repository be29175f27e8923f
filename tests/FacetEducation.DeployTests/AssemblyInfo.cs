// The suite deploys to Debian (systemd units, nginx, setpriv, Unix file modes): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
