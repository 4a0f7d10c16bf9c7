namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Parallel chunked parsing of a trajectory whose frames are self-delimiting (issue 20): the page-cached file is cut
/// into byte ranges at lines that look like frame starts, the ranges of a window (a few per core) are parsed on the
/// cores with the reader's own serial frame parser, and the results are handed out in file order.
/// <para>Identical to the serial parse by construction, whatever the cut points: a range is accepted only when it
/// starts where the previous accepted one ended and its parse ran to the end of the range without an error, i.e.
/// it ended between two frames; the serial parser, in the same state at the same byte, would have read the same
/// frames and stopped at the same place. Anything else (an error, a frame running past the cut because the cut
/// line was not a frame start) sends that range to the serial parser, reading the real file from the last accepted
/// byte with the true line number, so an error names the same file, frame and line as a serial read (the frame
/// number is attached by the caller, who counts frames in order).</para>
/// <para>Memory: one window of ranges (4 MB × 2 per core) is held at a time, so it does not grow
/// with the file.</para>
/// </summary>
internal static class ChunkedFrames
{
    /// <summary>Target bytes per range.</summary>
    public const int DefaultChunkBytes = 4 << 20;
    /// <summary>Files with fewer bytes left after the first frame are read serially.</summary>
    public const long DefaultMinParallelBytes = 8 << 20;

    /// <summary>Whether chunked parsing applies: more than one job, an uncompressed file, enough bytes left.</summary>
    public static bool Applies(TextLines t, int jobs, long minBytes) =>
        jobs > 1 && !t.Compressed && new FileInfo(t.Path).Length - t.NextOffset >= minBytes;

    /// <summary>
    /// The frames of the file from byte <paramref name="offset"/> (a position between frames, after
    /// <paramref name="linesBefore"/> lines and <paramref name="framesBefore"/> frames) to the end, as range results in
    /// file order. <paramref name="parse"/>(lines, stopOffset, firstFrameIndex) reads frames from the lines until their
    /// end or until the next unread byte is at or past stopOffset, and throws on bad data; it is called on ranges in
    /// parallel (it must not share mutable state between calls). <paramref name="frameCount"/> counts a result's frames.
    /// </summary>
    public static IEnumerable<TResult> Read<TResult>(string path, long offset, long linesBefore, int framesBefore, int jobs,
        Func<ReadOnlySpan<byte>, bool> isFrameStart, Func<TextLines, long, int, TResult> parse, Func<TResult, int> frameCount,
        int chunkBytes = DefaultChunkBytes)
        where TResult : class
    {
        long fileLength = new FileInfo(path).Length;
        long pos = offset, lines = linesBefore;
        int frames = framesBefore;
        int perWindow = Math.Max(2, 2 * jobs);
        var opts = new ParallelOptions { MaxDegreeOfParallelism = jobs };
        using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var probeBuf = new byte[1 << 16];
        while (pos < fileLength)
        {
            var bounds = new List<long> { pos };
            while (bounds.Count <= perWindow)
            {
                long b = NextFrameStart(probe, probeBuf, bounds[^1] + Math.Max(1, chunkBytes), fileLength, isFrameStart);
                bounds.Add(b);
                if (b >= fileLength) break;
            }
            int count = bounds.Count - 1;
            var results = new TResult?[count];
            var lineCounts = new long[count];
            Parallel.For(0, count, opts, j =>
            {
                try
                {
                    using var t = new TextLines(path, bounds[j], bounds[j + 1] - bounds[j], 0);
                    results[j] = parse(t, long.MaxValue, 0);
                    lineCounts[j] = t.LineNumber;
                }
                catch (Exception) { results[j] = null; } // decided below by the serial parser
            });
            for (int j = 0; j < count; j++)
            {
                if (results[j] is { } r)
                {
                    results[j] = null;
                    pos = bounds[j + 1]; lines += lineCounts[j]; frames += frameCount(r);
                    yield return r;
                    continue;
                }
                // the serial parser from the last accepted byte: it throws the serial error, or reads across a cut that
                // was not a frame start; the next window starts where it stopped (between two frames)
                TResult serial;
                using (var t = new TextLines(path, pos, fileLength - pos, lines))
                {
                    serial = parse(t, bounds[j + 1], frames);
                    pos = t.NextOffset; lines = t.LineNumber; frames += frameCount(serial);
                }
                yield return serial;
                break;
            }
        }
    }

    /// <summary>The offset of the first line at or after <paramref name="from"/> (a line start after it) that
    /// <paramref name="isFrameStart"/> accepts, or the file length.</summary>
    internal static long NextFrameStart(FileStream s, byte[] buf, long from, long fileLength, Func<ReadOnlySpan<byte>, bool> isFrameStart)
    {
        if (from >= fileLength) return fileLength;
        // the line start at or after `from`: after the first '\n' at or after from − 1
        long at = from - 1;
        bool atLineStart = false;
        while (at < fileLength)
        {
            s.Seek(at, SeekOrigin.Begin);
            int n = s.Read(buf, 0, buf.Length);
            if (n <= 0) return fileLength;
            var span = buf.AsSpan(0, n);
            int i = 0;
            if (!atLineStart)
            {
                int nl = span.IndexOf((byte)'\n');
                if (nl < 0) { at += n; continue; }
                i = nl + 1;
                atLineStart = true;
            }
            while (true)
            {
                int nl = span[i..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    if (at + n >= fileLength && i < n) // the last line has no terminator
                        return isFrameStart(TrimCr(span[i..])) ? at + i : fileLength;
                    if (i == 0) { at += n; atLineStart = false; break; } // a line longer than the buffer: skip it
                    at += i; break;
                }
                if (isFrameStart(TrimCr(span.Slice(i, nl)))) return at + i;
                i += nl + 1;
                if (i >= n) { at += n; break; }
            }
        }
        return fileLength;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
