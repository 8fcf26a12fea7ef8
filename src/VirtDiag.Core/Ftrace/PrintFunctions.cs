using System;
using System.Collections.Generic;

namespace VirtDiag.Ftrace
{
    /// <summary>Functions kernel print fmts call that libtraceevent knows.</summary>
    internal static class PrintFunctions
    {
        public static PNode Make(string name, List<PNode> args)
        {
            switch (name)
            {
                case "jiffies_to_msecs":
                case "jiffies_to_usecs":
                case "nsecs_to_jiffies":
                case "__builtin_constant_p":
                case "is_signed_type":
                case "__print_ns_to_secs":
                case "__print_ns_without_secs":
                default:
                    // libtraceevent cannot evaluate unknown functions either: the event prints [FAILED TO PARSE]
                    throw new FormatException("function " + name);
            }
        }
    }
}
