namespace Nitrolyte.Core;

/// <summary>The check every text reader makes before reading (shared by Formats and the library's report import).</summary>
public static class TextFiles
{
    /// <summary>
    /// Throws a one-line <see cref="NitrolyteFormatException"/> when <paramref name="path"/> is missing, is a
    /// directory, or starts with binary content (a NUL byte in its first 8 KB: a PNG, an executable, a zip...).
    /// </summary>
    public static void Require(string path, string expected)
    {
        if (Directory.Exists(path)) throw new NitrolyteFormatException(path, $"is a directory, not a file (expected {expected})");
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var head = new byte[8192];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        // UTF-16/32 text with a byte-order mark (Excel's "Unicode text") is full of NUL bytes but is text.
        bool utf16Or32 = n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))
                         || n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF;
        int nul = utf16Or32 ? -1 : Array.IndexOf(head, (byte)0, 0, n);
        if (nul >= 0) throw new NitrolyteFormatException(path, $"binary content (a NUL byte), not {expected}", byteOffset: nul);
    }
}
