namespace Kabin.Host.Tests.Support;

/// <summary>The three ways CloudEvents travel over HTTP.</summary>
public enum ContentMode
{
    Binary,
    Structured,
    Batch,
}
