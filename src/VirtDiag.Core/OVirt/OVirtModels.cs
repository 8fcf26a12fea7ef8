using System;
using System.Collections.Generic;
using System.Globalization;

namespace VirtDiag
{
    /// <summary>Severity of an engine.log record (log4j/JBoss levels as the engine writes them with <c>%-5p</c>).</summary>
    public enum OVirtLogLevel
    {
        /// <summary>The level could not be read.</summary>
        Unknown,
        /// <summary>TRACE.</summary>
        Trace,
        /// <summary>DEBUG.</summary>
        Debug,
        /// <summary>INFO.</summary>
        Info,
        /// <summary>WARN or WARNING.</summary>
        Warning,
        /// <summary>ERROR.</summary>
        Error,
        /// <summary>FATAL.</summary>
        Fatal,
    }

    /// <summary>A Java exception logged with an engine record: its type and message, its <c>at</c> frames and the <c>Caused by</c> chain.</summary>
    public sealed class OVirtJavaException
    {
        internal OVirtJavaException(string type, string? message, IReadOnlyList<string> frames, int omittedFrames, OVirtJavaException? cause)
        {
            Type = type; Message = message; Frames = frames; OmittedFrames = omittedFrames; Cause = cause;
        }

        /// <summary>Fully qualified exception class (<c>java.net.NoRouteToHostException</c>), or <c>?</c> when the trace names none.</summary>
        public string Type { get; }
        /// <summary>The exception's message, after <c>Type: </c>.</summary>
        public string? Message { get; }
        /// <summary>The <c>at</c> frames, outermost call last as Java prints them, without the <c>at </c> and the jar suffix.</summary>
        public IReadOnlyList<string> Frames { get; }
        /// <summary>Frames Java left out as <c>... N more</c> (shared with the enclosing trace).</summary>
        public int OmittedFrames { get; }
        /// <summary>The exception this one was caused by (<c>Caused by:</c>), if logged.</summary>
        public OVirtJavaException? Cause { get; }

        /// <summary>The innermost exception of the <c>Caused by</c> chain (this one when it has no cause).</summary>
        public OVirtJavaException RootCause
        {
            get
            {
                OVirtJavaException e = this;
                while (e.Cause != null) e = e.Cause;
                return e;
            }
        }

        /// <inheritdoc/>
        public override string ToString() => Message == null ? Type : Type + ": " + Message;
    }

    /// <summary>One record of the oVirt engine's engine.log (a line, or a line with its continuation lines and Java stack trace).</summary>
    public sealed partial class OVirtEngineLogEntry : IDiagnosticRecord
    {
        internal OVirtEngineLogEntry(DateTimeOffset timestamp, OVirtLogLevel level, string? logger, string? thread, string? correlationId,
            string message, OVirtJavaException? exception, string? hostName, string path, long lineNumber, int lineCount)
        {
            Timestamp = timestamp; Level = level; Logger = logger; Thread = thread; CorrelationId = correlationId; Message = message;
            Exception = exception; HostName = hostName; Path = path; LineNumber = lineNumber; LineCount = lineCount;
        }

        /// <summary>When the record was written, with the offset the engine wrote (<c>Z</c>, <c>+08</c>, <c>+0530</c>).</summary>
        public DateTimeOffset Timestamp { get; }
        /// <summary>Severity.</summary>
        public OVirtLogLevel Level { get; }
        /// <summary>Java logger (class) name (<c>org.ovirt.engine.core.bll.RunVmCommand</c>).</summary>
        public string? Logger { get; }
        /// <summary>Thread name (<c>default task-12</c>, <c>EE-ManagedThreadFactory-engine-Thread-7</c>).</summary>
        public string? Thread { get; }
        /// <summary>The engine's correlation (flow) id of the request, or null when the brackets were empty.</summary>
        public string? CorrelationId { get; }
        /// <summary>The message; continuation lines other than the stack trace follow after newlines.</summary>
        public string Message { get; }
        /// <summary>The Java exception logged with the record, if any.</summary>
        public OVirtJavaException? Exception { get; }
        /// <summary>The engine host the log came from.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line number of the record's first line.</summary>
        public long LineNumber { get; }
        /// <summary>How many physical lines the record spans.</summary>
        public int LineCount { get; }

        /// <summary>The logger's class name without its package (<c>RunVmCommand</c>).</summary>
        public string? LoggerClass => Logger == null ? null : Logger.Substring(Logger.LastIndexOf('.') + 1);

        /// <inheritdoc/>
        public override string ToString() => Timestamp.ToString("yyyy-MM-dd HH:mm:ss,fffzzz", CultureInfo.InvariantCulture) + " " + Level + " [" + Logger + "] (" + Thread + ") [" + CorrelationId + "] " + Message;
    }

    /// <summary>What kind of engine command a <see cref="OVirtEngineCommand"/> is.</summary>
    public enum OVirtCommandKind
    {
        /// <summary>A backend (bll) command: <c>Running command: XCommand</c> … <c>Ending command '…'</c>.</summary>
        EngineCommand,
        /// <summary>A command the engine sent to a host's vdsm: <c>START, XVDSCommand(HostName = h, …), log id: N</c> … <c>FINISH, …</c>.</summary>
        VdsCommand,
        /// <summary>Another call logged with START/FINISH and a log id (not sent to a host).</summary>
        LoggedCall,
    }

    /// <summary>How an engine command ended.</summary>
    public enum OVirtCommandResult
    {
        /// <summary>The engine logs no end for it (synchronous backend commands) and no failure was logged.</summary>
        Unknown,
        /// <summary><c>FINISH</c>, or <c>Ending command '…' successfully</c>.</summary>
        Succeeded,
        /// <summary><c>execution failed</c>, <c>ERROR, …, exception</c>, <c>Ending command '…' with failure</c>, <c>Command '…' failed</c>, or a failed validation.</summary>
        Failed,
        /// <summary>It started but its end is not in the input (the log ends or was rotated; an async command whose end was not seen).</summary>
        Incomplete,
    }

    /// <summary>One engine command or VDS command, joined from its start and end lines.</summary>
    public sealed partial class OVirtEngineCommand : IDiagnosticRecord
    {
        internal OVirtEngineCommand(OVirtCommandKind kind, string command, string? targetHost, string? correlationId, string? logId, string? thread,
            string? arguments, DateTimeOffset? startTime, DateTimeOffset? endTime, OVirtCommandResult result, string? error, string? returnValue,
            string? parentCommand, IReadOnlyList<string> taskIds, bool isInternal, string? hostName, string path, long lineNumber, long? endLineNumber)
        {
            Kind = kind; Command = command; TargetHost = targetHost; CorrelationId = correlationId; LogId = logId; Thread = thread; Arguments = arguments;
            StartTime = startTime; EndTime = endTime; Result = result; Error = error; ReturnValue = returnValue; ParentCommand = parentCommand;
            TaskIds = taskIds; IsInternal = isInternal; HostName = hostName; Path = path; LineNumber = lineNumber; EndLineNumber = endLineNumber;
            if (startTime.HasValue && endTime.HasValue) Duration = endTime.Value - startTime.Value;
        }

        /// <summary>Engine command, VDS command, or another logged call.</summary>
        public OVirtCommandKind Kind { get; }
        /// <summary>The command's class name (<c>RunVmCommand</c>, <c>CreateVDSCommand</c>).</summary>
        public string Command { get; }
        /// <summary>The host a VDS command was sent to (<c>HostName = …</c>).</summary>
        public string? TargetHost { get; }
        /// <summary>The correlation id the engine logged the command under (vdsm logs it as <c>flow_id=</c>).</summary>
        public string? CorrelationId { get; }
        /// <summary>The <c>log id</c> that pairs START and FINISH.</summary>
        public string? LogId { get; }
        /// <summary>Thread that ran the command.</summary>
        public string? Thread { get; }
        /// <summary>The parameters as logged (VDS commands; <c>Entities affected</c> for engine commands).</summary>
        public string? Arguments { get; }
        /// <summary>When it started (null when only its end or failure was logged).</summary>
        public DateTimeOffset? StartTime { get; }
        /// <summary>When it ended (null when no end was logged).</summary>
        public DateTimeOffset? EndTime { get; }
        /// <summary>End minus start.</summary>
        public TimeSpan? Duration { get; }
        /// <summary>When it started, or when it ended (failed) when its start was not logged.</summary>
        public DateTimeOffset? Time => StartTime ?? EndTime;
        /// <summary>How it ended.</summary>
        public OVirtCommandResult Result { get; }
        /// <summary>The error the engine logged for it.</summary>
        public string? Error { get; }
        /// <summary>The <c>return:</c> text of FINISH.</summary>
        public string? ReturnValue { get; }
        /// <summary>The engine command it ran under (same thread and correlation id), or the parent named by <c>Adding task</c>.</summary>
        public string? ParentCommand { get; }
        /// <summary>vdsm task ids it started or handled (<c>Adding task '…'</c>, <c>taskId='…'</c>, a task UUID returned by FINISH).</summary>
        public IReadOnlyList<string> TaskIds { get; }
        /// <summary>True when the engine ran it internally (<c>internal: true</c>).</summary>
        public bool IsInternal { get; }
        /// <summary>The engine host the log came from.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line of the command's first line (its start, or its failure when no start was logged).</summary>
        public long LineNumber { get; }
        /// <summary>1-based line of its end (FINISH, Ending command), or null.</summary>
        public long? EndLineNumber { get; }

        /// <inheritdoc/>
        public override string ToString() => Kind + " " + Command + " " + Result;
    }

    /// <summary>One audit-log event the engine wrote to engine.log (<c>EVENT_ID: VM_DOWN_ERROR(119), … Message: …</c>).</summary>
    public sealed partial class OVirtAuditEvent : IDiagnosticRecord
    {
        internal OVirtAuditEvent(DateTimeOffset timestamp, OVirtLogLevel level, string eventName, int? eventCode, string? correlationId, string message,
            string? thread, string? hostName, string path, long lineNumber)
        {
            Timestamp = timestamp; Level = level; EventName = eventName; EventCode = eventCode; CorrelationId = correlationId; Message = message;
            Thread = thread; HostName = hostName; Path = path; LineNumber = lineNumber;
        }

        /// <summary>When the event was logged.</summary>
        public DateTimeOffset Timestamp { get; }
        /// <summary>Severity the engine logged it at.</summary>
        public OVirtLogLevel Level { get; }
        /// <summary>The audit log type (<c>VM_DOWN_ERROR</c>).</summary>
        public string EventName { get; }
        /// <summary>Its numeric id (<c>119</c>; the engine may print it with a thousands separator, <c>9,027</c>).</summary>
        public int? EventCode { get; }
        /// <summary>Correlation id of the record.</summary>
        public string? CorrelationId { get; }
        /// <summary>The event text (after <c>Message: </c> in older engines).</summary>
        public string Message { get; }
        /// <summary>Thread that logged it.</summary>
        public string? Thread { get; }
        /// <summary>The engine host.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line.</summary>
        public long LineNumber { get; }

        /// <inheritdoc/>
        public override string ToString() => EventName + "(" + EventCode + "): " + Message;
    }
    /// <summary>One request across engine and hosts: the engine commands of a correlation id, the VDS commands they sent, and the vdsm calls that answered.</summary>
    public sealed class OVirtFlow
    {
        internal OVirtFlow(string correlationId, string? rootCommand, DateTimeOffset? startTime, DateTimeOffset? endTime, OVirtCommandResult result,
            string? failedAt, string? error, DateTimeOffset? failureTime, IReadOnlyList<OVirtEngineCommand> commands, IReadOnlyList<VdsmTask> hostCalls,
            IReadOnlyList<string> hosts, int vdsCommandsAnswered, string? hostName, string path)
        {
            CorrelationId = correlationId; RootCommand = rootCommand; StartTime = startTime; EndTime = endTime; Result = result; FailedAt = failedAt;
            Error = error; FailureTime = failureTime; Commands = commands; HostCalls = hostCalls; Hosts = hosts; VdsCommandsAnswered = vdsCommandsAnswered;
            HostName = hostName; Path = path;
            if (startTime.HasValue && endTime.HasValue) Duration = endTime.Value - startTime.Value;
        }

        /// <summary>The engine's correlation id (vdsm's <c>flow_id</c>).</summary>
        public string CorrelationId { get; }
        /// <summary>The first backend command of the flow (<c>RunVmCommand</c>), or its first command when it has none.</summary>
        public string? RootCommand { get; }
        /// <summary>When its first command started.</summary>
        public DateTimeOffset? StartTime { get; }
        /// <summary>When its last command or host call ended.</summary>
        public DateTimeOffset? EndTime { get; }
        /// <summary>End minus start.</summary>
        public TimeSpan? Duration { get; }
        /// <summary>Failed when any command or host call failed, Incomplete when one did not end, Succeeded when some succeeded.</summary>
        public OVirtCommandResult Result { get; }
        /// <summary>Where it failed first: the command (and host) or the vdsm verb (and host).</summary>
        public string? FailedAt { get; }
        /// <summary>The error of the first failure.</summary>
        public string? Error { get; }
        /// <summary>When the first failure was logged.</summary>
        public DateTimeOffset? FailureTime { get; }
        /// <summary>The engine and VDS commands of the flow, in time order.</summary>
        public IReadOnlyList<OVirtEngineCommand> Commands { get; }
        /// <summary>The vdsm verb calls and tasks that answered on the hosts (joined by flow id, task id, or verb, host and time).</summary>
        public IReadOnlyList<VdsmTask> HostCalls { get; }
        /// <summary>The hosts its VDS commands went to.</summary>
        public IReadOnlyList<string> Hosts { get; }
        /// <summary>How many of its VDS commands were joined to a vdsm call on a host.</summary>
        public int VdsCommandsAnswered { get; }
        /// <summary>The engine host.</summary>
        public string? HostName { get; }
        /// <summary>Display path of the engine log.</summary>
        public string Path { get; }

        /// <inheritdoc/>
        public override string ToString() => CorrelationId + " " + RootCommand + " " + Result;
    }
}
