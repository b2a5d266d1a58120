using System.Globalization;
using System.Text.Json;

namespace Contrastive.Server.Tests;

/// <summary>The search page at <c>/</c>, used as a person would in a real headless Chromium.</summary>
public sealed class SearchPageTests(ServerFixture server, ChromiumFixture chromium) : IClassFixture<ServerFixture>, IClassFixture<ChromiumFixture>
{
    const string ReadHits =
        "JSON.stringify(Array.from(document.querySelectorAll('#results li.hit')).map(li => " +
        "[li.querySelector('.score').textContent, li.querySelector('.sentence').textContent]))";

    async Task<HeadlessChromium> OpenAsync(string url)
    {
        Skip.IfNot(HeadlessChromium.IsInstalled(), $"{HeadlessChromium.DefaultPath} is not installed (Debian package 'chromium').");
        var browser = await chromium.GetAsync();
        await browser.NavigateAsync(url);
        return browser;
    }

    static async Task<string[][]> HitsAsync(HeadlessChromium browser) =>
        JsonSerializer.Deserialize<string[][]>((await browser.EvaluateAsync(ReadHits)).GetString()!)!;

    [SkippableFact]
    public async Task SearchPage_TypeQueryAndPressEnter_ListsTheRankedSentencesWithScores()
    {
        var browser = await OpenAsync(server.BaseUrl + "/");
        await browser.EvaluateAsync("document.getElementById('threshold').value = '-1'");
        await browser.EvaluateAsync("document.getElementById('query').focus()");

        await browser.TypeAsync("A man plays music.");
        await browser.PressEnterAsync();
        await browser.WaitUntilAsync("document.body.dataset.searched === '1'");

        var hits = await HitsAsync(browser);
        var expected = server.Reference.Search("A man plays music.", threshold: -1, topK: 5);
        Assert.Equal(expected.Select(h => h.Sentence), hits.Select(h => h[1]));
        Assert.Equal(expected.Select(h => h.Score.ToString("F4", CultureInfo.InvariantCulture)), hits.Select(h => h[0]));
    }

    [SkippableFact]
    public async Task SearchPage_TypeTopKAndClickSearch_ShowsThatManyHitsBestFirst()
    {
        var browser = await OpenAsync(server.BaseUrl + "/");
        await browser.EvaluateAsync("document.getElementById('threshold').value = '-1'");
        await browser.EvaluateAsync("document.getElementById('top-k').select()");
        await browser.TypeAsync("2");
        await browser.EvaluateAsync("document.getElementById('query').focus()");
        await browser.TypeAsync(TinyCorpus.Scenes[3]);

        await browser.ClickAsync("#search-button");
        await browser.WaitUntilAsync("document.body.dataset.searched === '1'");

        var hits = await HitsAsync(browser);
        Assert.Equal(2, hits.Length);
        Assert.Equal(TinyCorpus.Scenes[3], hits[0][1]);                                     // the sentence itself
        Assert.Equal("1.0000", hits[0][0]);
        Assert.True(double.Parse(hits[1][0], CultureInfo.InvariantCulture) <= 1.0);
    }

    [SkippableFact]
    public async Task SearchPage_LinkWithQuery_RunsThatSearchOnLoad()
    {
        var browser = await OpenAsync(server.BaseUrl + "/?q=" + Uri.EscapeDataString(TinyCorpus.Scenes[6]));

        await browser.WaitUntilAsync("document.body.dataset.searched === '1'");

        var hits = await HitsAsync(browser);
        Assert.Equal(TinyCorpus.Scenes[6], hits[0][1]);
        Assert.Equal(TinyCorpus.Scenes[6], (await browser.EvaluateAsync("document.getElementById('query').value")).GetString());
    }

    [SkippableFact]
    public async Task SearchPage_Loaded_ShowsTheModelAndIndexSize()
    {
        var browser = await OpenAsync(server.BaseUrl + "/");

        await browser.WaitUntilAsync("document.getElementById('model').textContent.includes('sentences')");

        var text = (await browser.EvaluateAsync("document.getElementById('model').textContent")).GetString();
        Assert.Contains(ServerFixture.ModelId, text);
        Assert.Contains($"index of {TinyCorpus.Scenes.Length} sentences", text);
    }
}
