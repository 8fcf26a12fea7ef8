using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>
    /// Turns paths (files, folders, archives nested to any depth) into the ordered list of log documents they hold:
    /// per input, rotated files of one log oldest first. Archives are listed in one streaming pass; nothing is
    /// extracted to disk. Missing paths, unreadable files and broken archives become issues, and listing goes on.
    /// </summary>
    public static class DocumentResolver
    {
        /// <summary>Lists the documents in <paramref name="paths"/>; <paramref name="hostName"/> overrides every guessed host.</summary>
        public static IReadOnlyList<LogDocument> Resolve(IEnumerable<string> paths, ReadContext context, string? hostName = null)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var result = new List<LogDocument>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            List<string> inputs = paths.Where(p => !string.IsNullOrEmpty(p)).ToList();
            using var session = new DocumentSession(context, inputs.Count);
            int inputNumber = 0;
            foreach (string input in inputs)
            {
                inputNumber++;
                context.CancellationToken.ThrowIfCancellationRequested();
                var found = new List<LogDocument>();
                if (Directory.Exists(input))
                {
                    ListDirectory(input, inputNumber, session, found);
                }
                else if (File.Exists(input))
                {
                    string full = System.IO.Path.GetFullPath(input);
                    if (!seen.Add(full)) continue;
                    ListFile(input, inputNumber, explicitFile: true, session, found);
                }
                else
                {
                    context.Report(input, IssueKind.FileNotFound, "no such file or folder");
                    continue;
                }
                foreach (LogDocument d in Order(found))
                {
                    if (hostName != null) d.HostName = hostName;
                    result.Add(d);
                }
            }
            return result;
        }

        private static void ListDirectory(string dir, int inputNumber, DocumentSession session, List<LogDocument> found)
        {
            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                session.Context.Report(dir, e is UnauthorizedAccessException ? IssueKind.AccessDenied : IssueKind.IoError, e.Message);
                return;
            }
            var notRead = new List<string>();
            foreach (string f in files)
            {
                session.Context.CancellationToken.ThrowIfCancellationRequested();
                string name = System.IO.Path.GetFileName(f);
                if (DocumentNaming.IsArchiveName(name) || DocumentNaming.GuessKind(name) != LogKind.Unknown)
                {
                    ListFile(f, inputNumber, explicitFile: false, session, found);
                }
                else if (name != "hostname")
                {
                    notRead.Add(f);
                    session.Context.Report(f, IssueKind.Skipped, "not read: the file name is not a known log name; name the file itself to read it as text");
                }
            }
            // A folder may hold logs under names we do not know (a pasted screen, a renamed log): never drop them unsaid.
            if (notRead.Count > 0)
            {
                string names = string.Join(", ", notRead.Take(3).Select(f => RelativeTo(dir, f))) + (notRead.Count > 3 ? ", …" : "");
                session.Context.Report(dir, IssueKind.NotRead, notRead.Count + " file(s) not read because their names are not known log names (" + names +
                    "); name a file itself to read it as text, or see them all with -Verbose");
            }
        }

        private static string RelativeTo(string dir, string file)
        {
            string full = System.IO.Path.GetFullPath(file), root = System.IO.Path.GetFullPath(dir).TrimEnd('/', '\\') + System.IO.Path.DirectorySeparatorChar;
            return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length) : file;
        }

        private static void ListFile(string path, int inputNumber, bool explicitFile, DocumentSession session, List<LogDocument> found)
        {
            ReadContext context = session.Context;
            string name = System.IO.Path.GetFileName(path);
            var origin = new FileOrigin(path, inputNumber);
            long length;
            try
            {
                length = new FileInfo(path).Length;
                // Peek: compressed? a tar inside? (decided by content, so a renamed archive is still found)
                using Stream raw = origin.OpenRaw(session);
                using Stream decoded = DocumentSession.OpenDecoded(raw, name, path, new ReadContext(NullIssueSink.Instance));
                byte[] head = new byte[512];
                int n = StreamUtil.ReadFully(decoded, head, 0, head.Length);
                if (TarReader.LooksLikeTar(head.AsSpan(0, n)))
                {
                    var container = new Container(origin, Decoders.FromName(name), path, null,
                        DocumentNaming.HostFromBundleName(name) ?? DocumentNaming.HostFromPath(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ""));
                    ListArchive(container, session, found, depth: 1);
                    return;
                }
            }
            catch (UnauthorizedAccessException e)
            {
                context.Report(path, IssueKind.AccessDenied, e.Message);
                return;
            }
            catch (CorruptDataException)
            {
                // The head could not be decoded: it is still a document; reading it reports the fault with its offset.
                length = SafeLength(path);
            }
            catch (IOException e)
            {
                context.Report(path, IssueKind.IoError, e.Message);
                return;
            }

            LogKind kind = DocumentNaming.GuessKind(name);
            if (kind == LogKind.Unknown && explicitFile) kind = LogKind.Text;
            int rotation = DocumentNaming.ParseRotation(name, out _, out _);
            string? host = HostOfExtractedBundle(System.IO.Path.GetFullPath(path));
            found.Add(new LogDocument(path, path, name, host, kind, rotation, Decoders.FromName(name), length, explicitFile, origin));
        }

        /// <summary>
        /// The host of a file inside an extracted bundle folder: the bundle's <c>hostname</c> (or <c>etc/hostname</c>) file
        /// when it has one, else the host its folder name names (<c>esx-HOST-…</c>, <c>sosreport-HOST-…</c>).
        /// </summary>
        private static string? HostOfExtractedBundle(string fullPath)
        {
            string? dir = System.IO.Path.GetDirectoryName(fullPath);
            for (; dir != null; dir = System.IO.Path.GetDirectoryName(dir))
            {
                string? fromName = DocumentNaming.HostFromBundleName(System.IO.Path.GetFileName(dir));
                if (fromName == null) continue;
                foreach (string candidate in new[] { System.IO.Path.Combine(dir, "hostname"), System.IO.Path.Combine(dir, "etc", "hostname") })
                {
                    try
                    {
                        var info = new FileInfo(candidate);
                        if (!info.Exists || info.Length == 0 || info.Length > 256) continue;
                        string h = File.ReadAllText(candidate).Trim();
                        if (h.Length > 0 && h.IndexOfAny(new[] { ' ', '\n', '\t' }) < 0) return h;
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        // An unreadable hostname file only means the folder name is used.
                    }
                }
                return fromName;
            }
            return null;
        }

        private static long SafeLength(string path)
        {
            try { return new FileInfo(path).Length; } catch (IOException) { return -1; }
        }

        private static void ListArchive(Container container, DocumentSession session, List<LogDocument> found, int depth)
        {
            ReadContext context = session.Context;
            try
            {
                using Stream raw = container.Source.OpenRaw(session);
                using Stream tarStream = DocumentSession.OpenDecoded(raw, container.DisplayName, container.DisplayName, context);
                ListTar(container, tarStream, session, found, depth);
            }
            catch (CorruptDataException e)
            {
                context.Report(container.DisplayName, e.Kind, e.Message + "; entries before this point are still read", 0, e.Offset);
            }
            catch (IOException e)
            {
                context.Report(container.DisplayName, IssueKind.IoError, e.Message);
            }
        }

        private static void ListTar(Container container, Stream tarStream, DocumentSession session, List<LogDocument> found, int depth)
        {
            ReadContext context = session.Context;
            var tar = new TarReader(tarStream);
            while (true)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                TarEntry entry;
                try
                {
                    if (!tar.TryNext(out entry)) break;
                }
                catch (CorruptDataException e)
                {
                    context.Report(container.DisplayName, e.Kind, e.Message + "; entries before this point are still read", 0, e.Offset);
                    return;
                }
                if (!entry.IsRegularFile) continue;
                string entryPath = entry.Name.TrimStart('.', '/');
                string name = entryPath.Substring(entryPath.LastIndexOf('/') + 1);
                if (name.Length == 0) continue;
                string display = container.DisplayName + "!/" + entryPath;

                if (IsHostnameFile(entryPath) && entry.Size > 0 && entry.Size <= 256)
                {
                    byte[] buf = new byte[entry.Size];
                    int n = StreamUtil.ReadFully(tar.OpenData(entry), buf, 0, buf.Length);
                    string h = Encoding.UTF8.GetString(buf, 0, n).Trim();
                    if (h.Length > 0 && h.IndexOfAny(new[] { ' ', '\n', '\t' }) < 0) container.HostFromFile ??= h;
                    continue;
                }

                var origin = new EntryOrigin(container, entry.DataOffset, entry.Size);
                if (DocumentNaming.IsArchiveName(name))
                {
                    if (depth >= context.MaxArchiveDepth)
                    {
                        context.Report(display, IssueKind.LimitExceeded, "archive nested deeper than " + context.MaxArchiveDepth + " levels; skipped");
                        continue;
                    }
                    var child = new Container(origin, Decoders.FromName(name), display, container,
                        DocumentNaming.HostFromBundleName(name) ?? HostFromInnerDirs(entryPath));
                    try
                    {
                        using Stream inner = DocumentSession.OpenDecoded(tar.OpenData(entry), name, display, context);
                        ListTar(child, inner, session, found, depth + 1);
                    }
                    catch (CorruptDataException e)
                    {
                        context.Report(display, e.Kind, e.Message + "; entries before this point are still read", 0, e.Offset);
                    }
                    continue;
                }

                LogKind kind = DocumentNaming.GuessKind(name);
                if (kind == LogKind.Unknown) continue;
                int rotation = DocumentNaming.ParseRotation(name, out _, out _);
                var doc = new LogDocument(display, FilePathOf(container), name, null, kind, rotation, Decoders.FromName(name), entry.Size, false, origin);
                doc.HostName = HostFromInnerDirs(entryPath); // completed in Order, once hostname files were seen
                found.Add(doc);
            }
        }

        private static string? HostFromInnerDirs(string entryPath)
        {
            int slash = entryPath.LastIndexOf('/');
            return slash > 0 ? DocumentNaming.HostFromPath(entryPath.Substring(0, slash)) : null;
        }

        private static bool IsHostnameFile(string entryPath)
        {
            string[] parts = entryPath.Split('/');
            if (parts.Length == 2 && parts[1] == "hostname") return true;        // sosreport-HOST-…/hostname
            if (parts.Length == 1 && parts[0] == "hostname") return true;
            return entryPath.EndsWith("/etc/hostname", StringComparison.Ordinal) || entryPath == "etc/hostname";
        }

        private static string FilePathOf(Container c)
        {
            while (c.Parent != null) c = c.Parent;
            return c.DisplayName;
        }

        /// <summary>Rotated files of one log, oldest first; logs in the order they were found.</summary>
        private static IEnumerable<LogDocument> Order(List<LogDocument> found)
        {
            // A hostname file (wherever it stood in the archive) beats a host guessed from folder or archive names.
            foreach (LogDocument d in found)
            {
                if (d.Origin is EntryOrigin e) d.HostName = e.Container.HostFromFile ?? d.HostName ?? e.Container.Host;
            }

            var groups = new List<List<(LogDocument Doc, long Key, int Index)>>();
            var byFamily = new Dictionary<string, List<(LogDocument, long, int)>>(StringComparer.Ordinal);
            for (int i = 0; i < found.Count; i++)
            {
                LogDocument d = found[i];
                DocumentNaming.ParseRotation(d.Name, out string family, out long key);
                int slash = Math.Max(d.Path.LastIndexOf('/'), d.Path.LastIndexOf('\\'));
                string dir = slash >= 0 ? d.Path.Substring(0, slash) : string.Empty;
                string groupKey = dir + "\u0001" + family;
                if (!byFamily.TryGetValue(groupKey, out var g))
                {
                    g = new List<(LogDocument, long, int)>();
                    byFamily.Add(groupKey, g);
                    groups.Add(g);
                }
                g.Add((d, key, i));
            }
            foreach (var g in groups)
            {
                foreach (var item in g.OrderBy(x => x.Key).ThenBy(x => x.Index)) yield return item.Doc;
            }
        }
    }
}
