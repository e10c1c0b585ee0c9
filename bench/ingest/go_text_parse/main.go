// Parses one exposition file with the text parser of prometheus/common
// (expfmt.TextParser, the version Debian packages) and prints how fast, as the
// Go peer of bench/ingest/text_parse_file.cc: same input bytes, same
// methodology (each run parses the file over and over for at least
// --min-time-ms; the figures are the median of --runs runs), same flags and
// key=value output, so that bench/ingest/text_parse_compare.sh can set them side by
// side.
//
// This is not Prometheus server's scrape parser (model/textparse, not
// packaged in Debian): expfmt builds protobuf MetricFamily messages, which
// costs more per sample. It is what promtool, the Pushgateway and federation
// clients use to read the text format.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// samples counts exposition lines the way they were written: a histogram's
// buckets, _sum and _count are one sample each (expfmt folds them into one
// Metric), so that the count matches what Vigil's parser reports.
func samples(families map[string]*dto.MetricFamily) int {
	n := 0
	for _, family := range families {
		for _, m := range family.Metric {
			switch {
			case m.Histogram != nil:
				n += len(m.Histogram.Bucket)
				if m.Histogram.SampleCount != nil {
					n++
				}
				if m.Histogram.SampleSum != nil {
					n++
				}
			case m.Summary != nil:
				n += len(m.Summary.Quantile)
				if m.Summary.SampleCount != nil {
					n++
				}
				if m.Summary.SampleSum != nil {
					n++
				}
			default:
				n++
			}
		}
	}
	return n
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

func main() {
	runs := flag.Int("runs", 5, "timed runs; the median is printed")
	minTimeMs := flag.Int("min-time-ms", 300, "shortest duration of one run, in milliseconds")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go_text_parse [--runs N] [--min-time-ms N] FILE")
		os.Exit(2)
	}
	body, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	var parser expfmt.TextParser
	parse := func() map[string]*dto.MetricFamily {
		families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
		if err != nil {
			fmt.Fprintln(os.Stderr, "go_text_parse:", err)
			os.Exit(1)
		}
		return families
	}
	perParse := samples(parse()) // also the warm-up

	minTime := time.Duration(*minTimeMs) * time.Millisecond
	var mbPerS, samplesPerS []float64
	for r := 0; r < *runs; r++ {
		start := time.Now()
		parses := 0
		for time.Since(start) < minTime {
			parse()
			parses++
		}
		seconds := time.Since(start).Seconds()
		mbPerS = append(mbPerS, float64(parses*len(body))/seconds/1e6)
		samplesPerS = append(samplesPerS, float64(parses*perParse)/seconds)
	}
	fmt.Printf("parser=prometheus/common expfmt.TextParser\nbytes=%d\nsamples=%d\nmb_per_s=%.1f\nsamples_per_s=%.0f\n",
		len(body), perParse, median(mbPerS), median(samplesPerS))
}
