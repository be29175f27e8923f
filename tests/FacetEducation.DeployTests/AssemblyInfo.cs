// The suite deploys to Debian (systemd units, nginx, setpriv, Unix file modes): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One suite at a time: each starts nginx and the site (two instances in TwoInstancesTests) on a two-core machine.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
