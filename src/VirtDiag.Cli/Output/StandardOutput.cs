using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace VirtDiag.Cli.Output
{
    /// <summary>
    /// Standard output as a stream that tells when its reader has gone. .NET's console stream drops writes to a closed
    /// pipe silently, so <c>virtdiag trace events big.dat | head</c> went on reading and rendering the whole input after
    /// <c>head</c> had quit. On Unix, when standard output is a pipe or socket, it is written through a stream on file
    /// descriptor 1, whose writes fail with EPIPE there; the CLI then stops quietly (<see cref="IsClosedReader"/>).
    /// Files and terminals keep the console stream (a file shared with standard error must keep one file offset).
    /// </summary>
    internal static class StandardOutput
    {
        private const int EPIPE = 32;

        public static Stream Open()
        {
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    var fd = new FileStream(new SafeFileHandle((IntPtr)1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
                    if (!fd.CanSeek && !IsTerminal()) return fd;
                    fd.Dispose();
                }
                catch (Exception e) when (e is IOException || e is ArgumentException || e is UnauthorizedAccessException || e is NotSupportedException)
                {
                }
            }
            return Console.OpenStandardOutput();
        }

        private static bool IsTerminal()
        {
            try { return !Console.IsOutputRedirected; }
            catch (IOException) { return false; }
        }

        /// <summary>True for the error of writing to a pipe whose reader has closed it (EPIPE).</summary>
        public static bool IsClosedReader(Exception e) => e is IOException && !(e is FileNotFoundException) && e.HResult == EPIPE;
    }
}
