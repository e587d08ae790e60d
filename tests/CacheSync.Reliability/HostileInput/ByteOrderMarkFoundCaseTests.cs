using System.Text;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// What the end-to-end hostile mix found about byte-order marks, kept as a plain example on the real worker: the
/// decoder skips a leading one, but MassTransit's deserializer refused it, so such a valid event went to the DLQ as
/// transport-error ("should not happen") instead of being applied.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class ByteOrderMarkFoundCaseTests
{
    [Test]
    public async Task A_valid_event_after_a_byte_order_mark_is_applied()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        foreach (var contentType in new[] { "application/json", null })
        {
            var id = $"bom-{contentType ?? "none"}";
            await worker.PublishAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Events.UserModel(id, id, 1, "u"))], "user_model.upsert", contentType);
        }

        var letters = new List<DeadLetterMessage>();
        var settled = await Settle.WithinAsync(TimeSpan.FromSeconds(30), async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0 || (worker.TimesApplied("bom-application/json") == 1 && worker.TimesApplied("bom-none") == 1);
        });

        Assert.Multiple(async () =>
        {
            Assert.That(settled, Is.True, "both events applied");
            Assert.That(letters.Select(l => $"{l.Reason}: {l.Header(Contracts.DeadLetterHeaders.Detail)}"), Is.Empty);
            Assert.That((await worker.ReadStoreAsync("user_model", "bom-none"))?.Version, Is.EqualTo(1));
        });
    }
}
