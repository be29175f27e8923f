using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FacetEducation.Bench;

/// <summary>
/// CPU time of the calling thread, in milliseconds: on a machine shared with other builds the wall
/// clock also counts the time a query waits for a core, which says more about the neighbours than
/// about the query. Linux's per-thread clock where there is one, else the process's CPU time.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    public static double Now()
    {
        if (OperatingSystem.IsLinux() && NativeMethods.ClockGetTime(ClockThreadCpuTime, out var time) == 0)
        {
            return (time.Seconds * 1000.0) + (time.Nanoseconds / 1_000_000.0);
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "clock_gettime")]
        public static partial int ClockGetTime(int clock, out TimeSpec time);
    }
}
