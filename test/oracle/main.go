// Command oracle reads a multi-document YAML stream from stdin the way kubectl does and prints each document as
// JSON: documents are split on "---" lines as k8s.io/apimachinery/pkg/util/yaml's YAMLReader splits them, and each
// one is converted with sigs.k8s.io/yaml's YAMLToJSON over gopkg.in/yaml.v2 (YAML 1.1 scalars), which is what
// `kubectl apply -f` sends to the API server.
//
// Output: one JSON array with one element per document, in order: {"json": <document>} or {"error": "<message>"}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

const separator = "---"

// readDocument mirrors apimachinery's YAMLReader.Read: a line that starts with "---" and holds nothing else but
// white space ends the document; an empty document is skipped.
func readDocument(reader *bufio.Reader) ([]byte, error) {
	var buffer bytes.Buffer
	for {
		line, err := readLine(reader)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if bytes.HasPrefix(line, []byte(separator)) {
			after := line[len(separator):]
			if len(strings.TrimRightFunc(string(after), unicode.IsSpace)) == 0 {
				if buffer.Len() != 0 {
					return buffer.Bytes(), nil
				}
				if err == io.EOF {
					return nil, err
				}
			}
		}
		if err == io.EOF {
			if buffer.Len() != 0 {
				return buffer.Bytes(), nil
			}
			return nil, err
		}
		buffer.Write(line)
	}
}

// readLine mirrors apimachinery's LineReader.Read: one line, any length, with "\n" appended.
func readLine(reader *bufio.Reader) ([]byte, error) {
	var buffer bytes.Buffer
	isPrefix := true
	var err error
	for isPrefix && err == nil {
		var line []byte
		line, isPrefix, err = reader.ReadLine()
		buffer.Write(line)
	}
	buffer.WriteByte('\n')
	return buffer.Bytes(), err
}

type result struct {
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	results := []result{}
	for {
		document, err := readDocument(reader)
		if err == io.EOF {
			break
		}
		if err != nil {
			os.Stderr.WriteString("oracle: " + err.Error() + "\n")
			os.Exit(2)
		}
		converted, err := yaml.YAMLToJSON(document)
		if err != nil {
			results = append(results, result{Error: err.Error()})
		} else {
			results = append(results, result{JSON: converted})
		}
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(results); err != nil {
		os.Stderr.WriteString("oracle: " + err.Error() + "\n")
		os.Exit(2)
	}
	out.Flush()
}
