package queue

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// What one save costs with a 100,000-job queue in which 1,000 jobs changed
// since the last save (about a second of small files): the store writes
// the 1,000 records in one transaction; the queue.json of earlier versions
// rewrote and synced all 100,000.
func BenchmarkSavingA100000JobQueue(b *testing.B) {
	const jobs, changed = 100_000, 1_000
	dir := b.TempDir()
	saved := make([]savedJob, jobs)
	records := make([]storeRecord, jobs)
	for i := range saved {
		saved[i] = savedJob{Job: Job{ID: int64(i + 1), Dir: Upload, SiteKey: "ftp://user@example.net:21",
			Local:  fmt.Sprintf("/home/user/photos/2024/batch-%03d/IMG_%06d.jpg", i/1000, i),
			Remote: fmt.Sprintf("/backup/photos/2024/batch-%03d/IMG_%06d.jpg", i/1000, i), Size: 8192, State: Queued},
			Pos: int64(i + 1)}
		data, err := json.Marshal(saved[i])
		if err != nil {
			b.Fatal(err)
		}
		records[i] = storeRecord{id: int64(i + 1), data: data}
	}
	s, _, _, err := openStore(filepath.Join(dir, "queue.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	if err := s.write(records); err != nil {
		b.Fatal(err)
	}
	firstWrite := time.Since(start)
	runtime.ReadMemStats(&after)
	firstAlloc := (after.TotalAlloc - before.TotalAlloc) >> 20

	b.ResetTimer()
	var storeTime, jsonTime time.Duration
	for n := range b.N {
		batch := make([]storeRecord, 0, changed)
		for i := range changed {
			id := int64((n*changed+i)%jobs + 1)
			batch = append(batch, storeRecord{id: id}) // finished: deleted
		}
		start := time.Now()
		if err := s.write(batch); err != nil {
			b.Fatal(err)
		}
		storeTime += time.Since(start)

		start = time.Now()
		data, err := json.MarshalIndent(stateFile{Version: stateVersion, Jobs: saved[changed:]}, "", "\t")
		if err == nil {
			err = writeFileAtomic(filepath.Join(dir, "queue.json"), data)
		}
		if err != nil {
			b.Fatal(err)
		}
		jsonTime += time.Since(start)
	}
	per := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
	fmt.Printf("\nsaving a 100,000-job queue after 1,000 changes: store %.1f ms, whole queue.json %.1f ms (%.0fx); "+
		"first store write of all 100,000: %.0f ms, %d MB allocated\n", per(storeTime), per(jsonTime), per(jsonTime)/per(storeTime),
		firstWrite.Seconds()*1000, firstAlloc)
	b.ReportMetric(per(storeTime), "store-ms/save")
	b.ReportMetric(per(jsonTime), "json-ms/save")
	b.ReportMetric(float64(firstAlloc), "first-write-MB")
}
