namespace Contrastive.Server.Tests;

/// <summary>One headless Chromium shared by a test class, started on first use (never when it is not installed);
/// each test navigates afresh, so no page state carries over.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    readonly SemaphoreSlim _lock = new(1, 1);
    HeadlessChromium? _browser;

    internal async Task<HeadlessChromium> GetAsync()
    {
        await _lock.WaitAsync();
        try
        {
            return _browser ??= await HeadlessChromium.StartAsync();
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _lock.Dispose();
    }
}
