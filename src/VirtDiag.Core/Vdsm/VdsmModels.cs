using System;
using System.Collections.Generic;
using VirtDiag.Common;

namespace VirtDiag
{
    /// <summary>Severity of a VDSM log record (vdsm renames WARNING to WARN and CRITICAL to CRIT in the new layout).</summary>
    public enum VdsmLogLevel
    {
        /// <summary>The level could not be read (a line cut short).</summary>
        Unknown,
        /// <summary>TRACE.</summary>
        Trace,
        /// <summary>DEBUG.</summary>
        Debug,
        /// <summary>INFO.</summary>
        Info,
        /// <summary>WARNING or WARN.</summary>
        Warning,
        /// <summary>ERROR.</summary>
        Error,
        /// <summary>CRITICAL or CRIT.</summary>
        Critical,
    }

    /// <summary>Which vdsm line layout a record was written in.</summary>
    public enum VdsmLogFormat
    {
        /// <summary><c>thread::LEVEL::time::module::line::logger::(function) message</c> (vdsm ≤ 4.18, supervdsm).</summary>
        Old,
        /// <summary><c>time LEVEL (thread) [logger] message (module:line)</c> (vdsm ≥ 4.19).</summary>
        New,
    }

    /// <summary>How a record's wall-clock time was turned into a <see cref="DateTimeOffset"/>.</summary>
    public enum VdsmTimestampKind
    {
        /// <summary>The log line carries its UTC offset (<c>+0100</c>); no assumption was made.</summary>
        FromLog,
        /// <summary>The line has no offset and no time zone was given: it was taken as UTC.</summary>
        AssumedUtc,
        /// <summary>The line has no offset; it was read as local time of the zone given with -TimeZone/--tz.</summary>
        AssumedTimeZone,
    }

    /// <summary>One frame of a Python traceback.</summary>
    public sealed class VdsmTracebackFrame
    {
        internal VdsmTracebackFrame(string file, int line, string? function, string? code)
        {
            File = file; Line = line; Function = function; Code = code;
        }

        /// <summary>Source file of the frame (<c>/usr/share/vdsm/virt/vm.py</c>).</summary>
        public string File { get; }
        /// <summary>Line number in <see cref="File"/>.</summary>
        public int Line { get; }
        /// <summary>Function name (<c>hotplugMemory</c>).</summary>
        public string? Function { get; }
        /// <summary>The source line Python printed under the frame, trimmed.</summary>
        public string? Code { get; }

        /// <inheritdoc/>
        public override string ToString() => File + ":" + Line + " in " + Function;
    }

    /// <summary>A Python traceback logged with a record: frames, innermost last, and the exception that ended it.</summary>
    public sealed class VdsmTraceback
    {
        internal VdsmTraceback(string? exceptionType, string? exceptionMessage, IReadOnlyList<VdsmTracebackFrame> frames, bool isComplete)
        {
            ExceptionType = exceptionType; ExceptionMessage = exceptionMessage; Frames = frames; IsComplete = isComplete;
        }

        /// <summary>The exception class (<c>libvirtError</c>, <c>NotConnectedError</c>), or null when the traceback was cut before it.</summary>
        public string? ExceptionType { get; }
        /// <summary>The exception's text after <c>Type: </c>.</summary>
        public string? ExceptionMessage { get; }
        /// <summary>The frames, outermost first as Python prints them.</summary>
        public IReadOnlyList<VdsmTracebackFrame> Frames { get; }
        /// <summary>False when the exception line is missing (end of file, cut log).</summary>
        public bool IsComplete { get; }

        /// <inheritdoc/>
        public override string ToString() => ExceptionType + ": " + ExceptionMessage;
    }

    /// <summary>One record of vdsm.log or supervdsm.log (a line, or a line with its continuation lines).</summary>
    public sealed partial class VdsmLogEntry : IDiagnosticRecord
    {
        private string? _message;
        private readonly byte[]? _utf8;
        private readonly int _utf8Offset, _utf8Length;

        internal VdsmLogEntry(DateTimeOffset timestamp, VdsmTimestampKind timestampKind, VdsmLogLevel level, string thread, string? logger,
            string? module, int lineNumberInSource, string? function, string? message, byte[]? utf8, int utf8Offset, int utf8Length,
            VdsmTraceback? traceback, string? taskId, string? hostName, string path, long lineNumber, int lineCount, VdsmLogFormat format)
        {
            Timestamp = timestamp; TimestampKind = timestampKind; Level = level; Thread = thread; Logger = logger; Module = module;
            LineNumberInSource = lineNumberInSource; Function = function; _message = message; Traceback = traceback; TaskId = taskId;
            HostName = hostName; Path = path; LineNumber = lineNumber; LineCount = lineCount; Format = format;
            if (message == null) { _utf8 = utf8; _utf8Offset = utf8Offset; _utf8Length = utf8Length; }
        }

        /// <summary>When the record was written.</summary>
        public DateTimeOffset Timestamp { get; }
        /// <summary>Whether the offset came from the log or was assumed (UTC, or -TimeZone).</summary>
        public VdsmTimestampKind TimestampKind { get; }
        /// <summary>Severity.</summary>
        public VdsmLogLevel Level { get; }
        /// <summary>Thread name (<c>jsonrpc/4</c>, <c>Thread-15</c>, a task UUID, <c>MainProcess|Thread-1000</c>).</summary>
        public string Thread { get; }
        /// <summary>Python logger name (<c>storage.Misc.excCmd</c>, <c>dispatcher</c>).</summary>
        public string? Logger { get; }
        /// <summary>Python module that logged (<c>commands</c>, <c>logUtils</c>).</summary>
        public string? Module { get; }
        /// <summary>Line in the Python module (<c>(module:line)</c> or <c>::line::</c>), 0 when absent.</summary>
        public int LineNumberInSource { get; }
        /// <summary>Python function that logged (old layout only).</summary>
        public string? Function { get; }
        /// <summary>The message; continuation lines (XML, dicts, traceback) follow after newlines.</summary>
        public string Message => _message ??= DecodeMessage();

        // One-line records keep their text as UTF-8 until it is first read (most records are never printed).
        private string DecodeMessage()
            => _utf8 == null ? string.Empty : Utf8Text.Decode(new ReadOnlySpan<byte>(_utf8, _utf8Offset, _utf8Length));
        /// <summary>The traceback logged with this record, if any.</summary>
        public VdsmTraceback? Traceback { get; }
        /// <summary>The storage task this record belongs to: the UUID thread, <c>(Task='…')</c>, <c>Task=`…`</c> or <c>task_id=</c>.</summary>
        public string? TaskId { get; }
        /// <summary>The VM the record is about: vdsm's <c>(vmId='…')</c> context at the start of the message.</summary>
        public string? VmId => VirtDiag.Vdsm.VdsmText.VmIdOf(Message);
        /// <summary>Host the log came from.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line number of the record's first line in the document.</summary>
        public long LineNumber { get; }
        /// <summary>How many physical lines the record spans.</summary>
        public int LineCount { get; }
        /// <summary>The line layout.</summary>
        public VdsmLogFormat Format { get; }

        /// <inheritdoc/>
        public override string ToString() => Timestamp.ToString("yyyy-MM-dd HH:mm:ss,fffzzz", System.Globalization.CultureInfo.InvariantCulture) + " " + Level + " (" + Thread + ") [" + Logger + "] " + Message;
    }

    /// <summary>How a VDSM task or verb call ended.</summary>
    public enum VdsmTaskResult
    {
        /// <summary>The end was not seen (log ends or was cut).</summary>
        Unknown,
        /// <summary>Status code 0, <c>succeeded</c>, or the task finished with success.</summary>
        Succeeded,
        /// <summary>A non-zero status code, <c>failed</c>, an <c>error=</c>, or the task ended failed.</summary>
        Failed,
        /// <summary>The task was aborted (state <c>aborting</c>).</summary>
        Aborted,
    }

    /// <summary>Which log flow a <see cref="VdsmTask"/> was joined from.</summary>
    public enum VdsmTaskKind
    {
        /// <summary>Storage dispatcher <c>Run and protect: VERB</c> … <c>Return response</c>.</summary>
        StorageDispatcher,
        /// <summary>API logging <c>START verb(…)</c> … <c>FINISH verb return=/error=</c>.</summary>
        Api,
        /// <summary>JSON-RPC bridge <c>Calling 'X'</c> … <c>RPC call X succeeded|failed in S seconds</c>.</summary>
        JsonRpc,
        /// <summary>A storage task seen only through its state changes (its verb call was not in the input).</summary>
        StorageTask,
    }

    /// <summary>One state change of a storage task.</summary>
    public sealed class VdsmTaskState
    {
        internal VdsmTaskState(DateTimeOffset time, string from, string to, string thread, long lineNumber)
        {
            Time = time; From = from; To = to; Thread = thread; LineNumber = lineNumber;
        }

        /// <summary>When the task moved.</summary>
        public DateTimeOffset Time { get; }
        /// <summary>State left (<c>init</c>, <c>preparing</c>, <c>queued</c>…).</summary>
        public string From { get; }
        /// <summary>State entered.</summary>
        public string To { get; }
        /// <summary>Thread that logged the change.</summary>
        public string Thread { get; }
        /// <summary>Line of the change in its document.</summary>
        public long LineNumber { get; }

        /// <inheritdoc/>
        public override string ToString() => From + " -> " + To;
    }

    /// <summary>One verb call or storage task, joined from its start, state changes and end.</summary>
    public sealed partial class VdsmTask : IDiagnosticRecord
    {
        internal VdsmTask(VdsmTaskKind kind, string? verb, string? arguments, IReadOnlyDictionary<string, string> argumentValues, string? taskId,
            string thread, bool isAsync, string? callerAddress, string? flowId, DateTimeOffset? startTime, DateTimeOffset? endTime,
            TimeSpan? duration, IReadOnlyList<VdsmTaskState> states, VdsmTaskResult result, int? statusCode, string? statusMessage,
            string? error, int entries, bool isComplete, string? hostName, string path, long lineNumber)
        {
            Kind = kind; Verb = verb; Arguments = arguments; ArgumentValues = argumentValues; TaskId = taskId; Thread = thread; IsAsync = isAsync;
            CallerAddress = callerAddress; FlowId = flowId; StartTime = startTime; EndTime = endTime; Duration = duration; States = states;
            Result = result; StatusCode = statusCode; StatusMessage = statusMessage; Error = error; Entries = entries; IsComplete = isComplete;
            HostName = hostName; Path = path; LineNumber = lineNumber;
        }

        /// <summary>Which flow this was joined from.</summary>
        public VdsmTaskKind Kind { get; }
        /// <summary>The verb (<c>getSpmStatus</c>, <c>Host.getStats</c>), or null for a task seen only through its states.</summary>
        public string? Verb { get; }
        /// <summary>The arguments as logged.</summary>
        public string? Arguments { get; }
        /// <summary>Simple <c>key=value</c> arguments, quotes and <c>u''</c> removed.</summary>
        public IReadOnlyDictionary<string, string> ArgumentValues { get; }
        /// <summary>The storage task UUID, when the call ran as (or started) one.</summary>
        public string? TaskId { get; }
        /// <summary>Thread that made the call.</summary>
        public string Thread { get; }
        /// <summary>True when the call queued an asynchronous storage task (its end is the task's end).</summary>
        public bool IsAsync { get; }
        /// <summary>Who called: <c>from=</c> of API logging or the <c>[ip]</c> of old logs.</summary>
        public string? CallerAddress { get; }
        /// <summary>The engine's flow id (<c>flow_id=</c>), when logged.</summary>
        public string? FlowId { get; }
        /// <summary>When the call started (null when only its end was seen).</summary>
        public DateTimeOffset? StartTime { get; }
        /// <summary>When the call (or its async task) ended.</summary>
        public DateTimeOffset? EndTime { get; }
        /// <summary>End minus start, or the duration vdsm logged.</summary>
        public TimeSpan? Duration { get; }
        /// <summary>Storage task state changes, in order.</summary>
        public IReadOnlyList<VdsmTaskState> States { get; }
        /// <summary>How it ended.</summary>
        public VdsmTaskResult Result { get; }
        /// <summary>Status code of the response (<c>'code': N</c>, <c>error N</c>).</summary>
        public int? StatusCode { get; }
        /// <summary>Status message of the response.</summary>
        public string? StatusMessage { get; }
        /// <summary>The error or exception that ended the call.</summary>
        public string? Error { get; }
        /// <summary>Log records on the call's thread (and its task's threads) while it ran.</summary>
        public int Entries { get; }
        /// <summary>False when the start or the end was not in the input.</summary>
        public bool IsComplete { get; }
        /// <summary>Host the log came from.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document holding the start (or the end, when no start was seen).</summary>
        public string Path { get; }
        /// <summary>1-based line of the first record of the call.</summary>
        public long LineNumber { get; }
        /// <summary>The VM the call is about (<c>vmId=</c> in its arguments or API context).</summary>
        public string? VmId { get; private set; }
        /// <summary>The storage pool (data center) of the call (<c>spUUID=</c>, <c>'storagepoolID'</c>).</summary>
        public string? StoragePoolId { get; private set; }
        /// <summary>The storage domain of the call (<c>sdUUID=</c>, <c>'storagedomainID'</c>).</summary>
        public string? StorageDomainId { get; private set; }
        /// <summary>The image (disk) of the call (<c>imgUUID=</c>, <c>'imageID'</c>).</summary>
        public string? ImageId { get; private set; }
        /// <summary>The volume of the call (<c>volUUID=</c>, <c>'volumeID'</c>).</summary>
        public string? VolumeId { get; private set; }

        internal VdsmTask WithIds((string? Vm, string? Pool, string? Domain, string? Image, string? Volume) ids)
        {
            VmId = ids.Vm; StoragePoolId = ids.Pool; StorageDomainId = ids.Domain; ImageId = ids.Image; VolumeId = ids.Volume;
            return this;
        }

        /// <inheritdoc/>
        public override string ToString() => Kind + " " + Verb + " " + Result;
    }

    /// <summary>One external command vdsm ran (execCmd): the command line, its exit code and stderr.</summary>
    public sealed partial class VdsmExternalCommand : IDiagnosticRecord
    {
        internal VdsmExternalCommand(string? commandLine, string? executable, string? cwd, DateTimeOffset? startTime, DateTimeOffset? endTime,
            TimeSpan? duration, bool? succeeded, int? exitCode, string? stdErr, string thread, string? taskId, string? taskVerb,
            bool isComplete, string? hostName, string path, long lineNumber)
        {
            CommandLine = commandLine; Executable = executable; Cwd = cwd; StartTime = startTime; EndTime = endTime; Duration = duration;
            Succeeded = succeeded; ExitCode = exitCode; StdErr = stdErr; Thread = thread; TaskId = taskId; TaskVerb = taskVerb;
            IsComplete = isComplete; HostName = hostName; Path = path; LineNumber = lineNumber;
        }

        /// <summary>The command line as logged (quotes of old logs removed).</summary>
        public string? CommandLine { get; }
        /// <summary>The program really run, after sudo/taskset/nice/ionice/setsid wrappers (<c>/sbin/tune2fs</c>).</summary>
        public string? Executable { get; }
        /// <summary>Working directory, null for <c>(cwd None)</c>.</summary>
        public string? Cwd { get; }
        /// <summary>When the command line was logged.</summary>
        public DateTimeOffset? StartTime { get; }
        /// <summary>When SUCCESS/FAILED was logged.</summary>
        public DateTimeOffset? EndTime { get; }
        /// <summary>End minus start.</summary>
        public TimeSpan? Duration { get; }
        /// <summary>True for SUCCESS, false for FAILED, null when the end was not seen.</summary>
        public bool? Succeeded { get; }
        /// <summary>The exit code (<c>&lt;rc&gt; = N</c>).</summary>
        public int? ExitCode { get; }
        /// <summary>Standard error, with the log's <c>\n</c>, <c>\t</c>, <c>\\</c>, <c>\'</c> escapes turned back into characters.</summary>
        public string? StdErr { get; }
        /// <summary>Thread that ran the command.</summary>
        public string Thread { get; }
        /// <summary>The storage task it ran under, when known.</summary>
        public string? TaskId { get; }
        /// <summary>The verb of the call it ran under, when known.</summary>
        public string? TaskVerb { get; }
        /// <summary>False when the command line or the result was not in the input.</summary>
        public bool IsComplete { get; }
        /// <summary>Host the log came from.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line of the command line (or of the result, when no command line was seen).</summary>
        public long LineNumber { get; }

        /// <inheritdoc/>
        public override string ToString() => (Succeeded == true ? "SUCCESS " : Succeeded == false ? "FAILED " : "? ") + CommandLine;
    }
}
