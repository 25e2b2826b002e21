namespace Kabin.LocalCluster.Tests.Support;

/// <summary>Waits for a condition, checked every 20 ms, instead of a sleep; fails the test when it does not hold in time.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, int seconds = 20) => HoldsAsync(() => Task.FromResult(condition()), seconds);

    public static async Task HoldsAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
