using VirtDiag.Io;
using System;
using System.IO;

namespace VirtDiag
{
    /// <summary>One log found in the input: a file, an archive entry (at any depth), or piped text.</summary>
    public sealed class LogDocument
    {
        internal LogDocument(string displayName, string filePath, string entryName, string? hostName, LogKind kind,
            int rotationIndex, CompressionKind compression, long storedLength, bool isExplicit, DocumentOrigin origin)
        {
            Path = displayName;
            FilePath = filePath;
            Name = entryName;
            HostName = hostName;
            Kind = kind;
            RotationIndex = rotationIndex;
            Compression = compression;
            StoredLength = storedLength;
            IsExplicit = isExplicit;
            Origin = origin;
        }

        /// <summary>Display name: the file path, or <c>bundle.tgz!/var/log/vdsm/vdsm.log.1.xz</c> for an archive entry.</summary>
        public string Path { get; }

        /// <summary>The outermost file on disk this document lives in (<c>-</c> for standard input, <c>&lt;pipeline&gt;</c> for piped text).</summary>
        public string FilePath { get; }

        /// <summary>The document's file name (last path component, compression extension kept).</summary>
        public string Name { get; }

        /// <summary>The host the document came from (from <c>-HostName</c>, a hostname file in the bundle, or the bundle's name).</summary>
        public string? HostName { get; internal set; }

        /// <summary>The log kind guessed from the name.</summary>
        public LogKind Kind { get; }

        /// <summary>N for a rotated file (<c>vmkernel.N.gz</c>, <c>vdsm.log.N.xz</c>), -1 for the live or a dated file.</summary>
        public int RotationIndex { get; }

        /// <summary>The compression the document is stored with.</summary>
        public CompressionKind Compression { get; }

        /// <summary>Stored (compressed) size in bytes, or -1 when unknown.</summary>
        public long StoredLength { get; }

        /// <summary>True when the user named this file directly: such a file is read whatever its kind.</summary>
        public bool IsExplicit { get; }

        internal DocumentOrigin Origin { get; }

        /// <summary>A document whose bytes come from a caller's stream (standard input, a test); opened once.</summary>
        public static LogDocument FromStream(string name, Func<Stream> open, string? hostName = null, LogKind kind = LogKind.Unknown)
        {
            if (open == null) throw new ArgumentNullException(nameof(open));
            return new LogDocument(name, name, name, hostName, kind == LogKind.Unknown ? DocumentNaming.GuessKind(name) : kind, -1,
                CompressionKind.None, -1, true, new StreamOrigin(open));
        }

        /// <summary>The pseudo-document of lines piped into a cmdlet or given as strings.</summary>
        public static LogDocument ForText(string? hostName, string name = "<pipeline>", LogKind kind = LogKind.Unknown)
            => new LogDocument(name, name, name, hostName, kind, -1, CompressionKind.None, -1, true, new StreamOrigin(() => Stream.Null));

        /// <inheritdoc/>
        public override string ToString() => Path;
    }
}
