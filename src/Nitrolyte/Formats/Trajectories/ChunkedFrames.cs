namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Parallel chunked parsing of a trajectory whose frames are self-delimiting (issue 20): the page-cached file is cut
/// into byte ranges at lines that look like frame starts, the ranges are parsed on the cores (one per core and one
/// ahead) with the reader's own serial frame parser, and the results are handed out in file order.
/// <para>Identical to the serial parse by construction, whatever the cut points: a range is accepted only when it
/// starts where the previous accepted one ended and its parse ran to the end of the range without an error, i.e.
/// it ended between two frames; the serial parser, in the same state at the same byte, would have read the same
/// frames and stopped at the same place. Anything else (an error, a frame running past the cut because the cut
/// line was not a frame start) sends that range to the serial parser, reading the real file from the last accepted
/// byte with the true line number, so an error names the same file, frame and line as a serial read (the frame
/// number is attached by the caller, who counts frames in order).</para>
/// <para>Memory: at most (cores + 1) ranges of 4 MB and their frames are held at a time, so it does not grow with
/// the file.</para>
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
        long pos = offset, lines = linesBefore, nextCut = offset;
        int frames = framesBefore;
        // ranges in flight: one per worker plus one, so the workers parse ahead while the caller consumes frames
        int maxInFlight = jobs + 1;
        var inFlight = new Queue<(long Start, long End, Task<(TResult? Result, long Lines)> Parse)>();
        using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var probeBuf = new byte[1 << 16];
        try
        {
            while (true)
            {
                while (inFlight.Count < maxInFlight && nextCut < fileLength)
                {
                    long start = nextCut, end = NextFrameStart(probe, probeBuf, start + Math.Max(1, chunkBytes), fileLength, isFrameStart);
                    inFlight.Enqueue((start, end, Task.Run(() => ParseRange(path, start, end, parse))));
                    nextCut = end;
                }
                if (inFlight.Count == 0) yield break;
                var (s0, e0, task) = inFlight.Dequeue();
                var (r, lineCount) = task.GetAwaiter().GetResult();
                if (r is not null && s0 == pos)
                {
                    pos = e0; lines += lineCount; frames += frameCount(r);
                    yield return r;
                    continue;
                }
                // the serial parser from the last accepted byte: it throws the serial error, or reads across a cut that
                // was not a frame start; the ranges already started are dropped and cutting resumes where it stopped
                // (between two frames)
                Drain(inFlight);
                TResult serial;
                using (var t = new TextLines(path, pos, fileLength - pos, lines))
                {
                    serial = parse(t, e0, frames);
                    pos = t.NextOffset; lines = t.LineNumber; frames += frameCount(serial);
                }
                nextCut = pos;
                yield return serial;
            }
        }
        finally { Drain(inFlight); }
    }

    private static (TResult? Result, long Lines) ParseRange<TResult>(string path, long start, long end, Func<TextLines, long, int, TResult> parse)
        where TResult : class
    {
        try
        {
            using var t = new TextLines(path, start, end - start, 0);
            var r = parse(t, long.MaxValue, 0);
            return (r, t.LineNumber);
        }
        catch (Exception) { return (null, 0); } // decided by the serial parser
    }

    /// <summary>Waits for the started ranges (so no worker still reads the file after the enumeration ends) and forgets them.</summary>
    private static void Drain<T>(Queue<(long, long, Task<T>)> q)
    {
        foreach (var (_, _, t) in q) t.Wait();
        q.Clear();
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
