using System.Text;
using CacheSync.Contracts;

namespace CacheSync.Worker.Tests;

/// <summary>Poison goes to the DLQ at once, untouched and with its reason, while the worker keeps consuming.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DeadLetterTests
{
    [Test]
    public async Task Each_kind_of_poison_lands_in_the_DLQ_with_its_reason_and_the_worker_keeps_consuming()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var oversizeData = new string('x', 4096);
        var poison = new Dictionary<string, (string Json, string RoutingKey)>
        {
            [ContractReasons.BadJson] = ("""{"id":"p1","entity":"user_model","key":"1","op":"upsert","version":""", "user_model.upsert"),
            [ContractReasons.MissingField] = ("""{"id":"p2","entity":"user_model","key":"1","op":"upsert","data":{"user_id":"u"}}""", "user_model.upsert"),
            ["unknown-entity"] = ("""{"id":"p3","entity":"invoice","key":"1","op":"upsert","version":1,"data":{}}""", "invoice.upsert"),
            [ContractReasons.Oversize] = ("{\"id\":\"p4\",\"entity\":\"user_model\",\"key\":\"1\",\"op\":\"upsert\",\"version\":1,\"data\":{\"user_id\":\"u\",\"blob\":\"" + oversizeData + "\"}}", "user_model.upsert"),
            [ContractReasons.WrongType] = ("""{"id":"p5","entity":"user_model","key":"1","op":"upsert","version":"soon","data":{"user_id":"u"}}""", "user_model.upsert"),
            ["validation-failed"] = ("""{"id":"p6","entity":"user_model","key":"1","op":"upsert","version":1,"data":{"plan":"no user"}}""", "user_model.upsert"),
            [ContractReasons.BadJson + "/array"] = ("""[1,2,3]""", "user_model.upsert"),
        };
        var headers = new Dictionary<string, object?> { ["x-producer"] = "tests" };
        foreach (var (_, (json, routingKey)) in poison)
        {
            await worker.PublishAsync(json, routingKey, headers: headers, messageId: "mid-" + routingKey);
        }

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "after-poison", 1, "u"));

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "after-poison")) is not null, "valid event after the poison applied");
        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count >= poison.Count;
        }, "all poison in the DLQ");

        Assert.That(letters, Has.Count.EqualTo(poison.Count), "each poison message dead-lettered exactly once");
        foreach (var (reason, (json, routingKey)) in poison)
        {
            var letter = letters.SingleOrDefault(l => l.BodyText == json);
            Assert.That(letter, Is.Not.Null, $"{reason}: the original body, byte for byte");
            Assert.Multiple(() =>
            {
                Assert.That(letter!.Reason, Is.EqualTo(reason.Split('/')[0]));
                Assert.That(letter.Header(DeadLetterHeaders.Detail), Is.Not.Empty);
                Assert.That(letter.Header(DeadLetterHeaders.Attempts), Is.EqualTo("1"), "poison is not retried");
                Assert.That(DateTimeOffset.TryParse(letter.Header(DeadLetterHeaders.FailedAt), System.Globalization.CultureInfo.InvariantCulture, out _), Is.True);
                Assert.That(letter.Header(DeadLetterHeaders.OriginalExchange), Is.EqualTo(worker.Exchange));
                Assert.That(letter.Header(DeadLetterHeaders.OriginalRoutingKey), Is.EqualTo(routingKey));
                Assert.That(letter.Header("x-producer"), Is.EqualTo("tests"), "original headers kept");
                Assert.That(letter.Properties.MessageId, Is.EqualTo("mid-" + routingKey), "original properties kept");
                Assert.That(letter.Properties.ContentType, Is.EqualTo("application/json"));
                Assert.That(letter.Properties.Persistent, Is.True);
            });
        }
    }

    [Test]
    public async Task A_dead_letter_queue_declared_with_other_arguments_is_used_as_it_is()
    {
        // A DLQ made by an earlier version (no delivery limit): declaring it again with ours would be refused
        // (PRECONDITION_FAILED), and then no dead letter could be published at all.
        await using var worker = new WorkerHarness();
        await worker.DeclareQuorumQueueAsync(worker.DeadLetterQueue);
        await worker.StartAsync();

        await worker.PublishAsync(Encoding.UTF8.GetBytes("{not json"), "user_model.upsert");

        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0;
        }, "the message in the existing DLQ");
        Assert.That(letters.Single().Reason, Is.EqualTo("bad-json"));
    }

    [Test]
    public async Task A_message_that_is_not_JSON_by_content_type_is_dead_lettered_with_that_reason()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        await worker.PublishAsync(Encoding.UTF8.GetBytes("hello"), "user_model.upsert", contentType: "text/plain");

        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0;
        }, "the message in the DLQ");
        Assert.Multiple(() =>
        {
            Assert.That(letters.Single().Reason, Is.EqualTo("unsupported-content-type"));
            Assert.That(letters.Single().BodyText, Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task A_message_without_content_type_is_judged_by_the_decoder()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "no-ct", 1, "u"), contentType: null);

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "no-ct")) is not null, "applied");
    }

    [Test]
    public async Task A_poison_message_is_not_lost_when_the_DLQ_cannot_take_it()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        // The DLQ disappears under the running worker: its mandatory publish comes back unroutable.
        await worker.DeleteQueueAsync(worker.DeadLetterQueue);
        await worker.PublishAsync("""{"id":"lost?","entity":"nobody","key":"1","op":"upsert","version":1,"data":{}}""", "nobody.upsert");

        // The original went back to the work queue; on redelivery the worker declares the DLQ again and moves it there.
        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            if (await worker.QueueExistsAsync(worker.DeadLetterQueue)) letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0;
        }, "the message in the re-declared DLQ");
        Assert.That(letters.Single().Reason, Is.EqualTo("unknown-entity"));
    }

    [Test]
    public async Task Dead_letter_moves_expiration_and_user_id_into_headers_so_it_neither_expires_nor_is_refused()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        await worker.PublishAsync("""{"id":"x1","entity":"nobody","key":"1","op":"upsert","version":1,"data":{}}""", "nobody.upsert",
            expiration: "60000", userId: new Uri(TestEnvironment.RabbitMqUri).UserInfo.Split(':')[0]);

        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0;
        }, "the message in the DLQ");
        var letter = letters.Single();
        Assert.Multiple(() =>
        {
            Assert.That(letter.Properties.IsExpirationPresent(), Is.False, "a dead letter must not expire");
            Assert.That(letter.Header(DeadLetterHeaders.OriginalExpiration), Is.EqualTo("60000"));
            Assert.That(letter.Properties.IsUserIdPresent(), Is.False);
            Assert.That(letter.Header(DeadLetterHeaders.OriginalUserId), Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_message_redelivered_past_the_delivery_limit_is_moved_to_the_DLQ_by_the_broker()
    {
        await using var worker = new WorkerHarness(s => s["CacheSync:RabbitMq:DeliveryLimit"] = "3");
        await worker.StartAsync();
        await worker.StopAsync(); // the queue, with its arguments, stays

        // Stand in for a worker that crashes on this message every time: take it and hand it back, again and again.
        await worker.PublishAsync(Events.UserModel("crasher", "c1", 1, "u"));
        await worker.NackRequeueRepeatedlyAsync(worker.Queue, times: 4);

        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count > 0;
        }, "the message in the DLQ");
        Assert.Multiple(async () =>
        {
            Assert.That(System.Text.Json.JsonDocument.Parse(letters.Single().Body).RootElement.GetProperty("id").GetString(), Is.EqualTo("crasher"));
            Assert.That(letters.Single().Header("x-first-death-reason"), Is.EqualTo("delivery_limit"));
            Assert.That(await worker.ReadyMessagesAsync(worker.Queue), Is.Zero);
        });
    }
}
