namespace Nitrolyte.Core;

/// <summary>Writes outputs to a temporary file beside the target and renames it, so a failure never leaves a half-written file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        Write(path, tmp => File.WriteAllText(tmp, contents));
    }

    public static void WriteAllBytes(string path, byte[] contents)
    {
        Write(path, tmp => File.WriteAllBytes(tmp, contents));
    }

    public static void Write(string path, Action<string> writeToTempPath)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full)) throw new NitrolyteInputException($"{path}: is a directory; give a file name for the output");
        for (var d = dir; !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
            if (File.Exists(d)) throw new NitrolyteInputException($"{path}: cannot create the output folder, {d} is a file");
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeToTempPath(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void Write(string path, Action<Stream> writeToStream)
    {
        Write(path, (string tmp) =>
        {
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write);
            writeToStream(fs);
        });
    }
}
