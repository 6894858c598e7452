<?php
// A developer check, not part of the test suite: Moodle's own cloze parser and numerical
// grading code, taken verbatim from a Moodle 4.x source tree, run on our quiz. Driven by
// scripts/moodle_check.py (see README.md, «A class: Moodle»).
//
//   php moodle_check.php MOODLE_DIR QUIZ_XML fields
//       -> JSON: per cloze question its idnumber, default mark and fields
//          (weight, answers with tolerance), as qtype_multianswer_extract_question reads them
//   php moodle_check.php MOODLE_DIR QUIZ_XML grade DECSEP THOUSANDSSEP < typed.json
//       -> JSON: the fraction Moodle gives each typed answer [idnumber, field, response]
//
// Moodle's code is cut out of its files (constants and functions, whole classes and methods,
// found with PHP's own tokenizer) and evaluated with a few stubs for what it would otherwise
// load from the database or the language pack: get_string, question_answer, $DB.

define('MOODLE_INTERNAL', true);
define('FORMAT_HTML', 1);
$DB = new class {
    public function get_record(...$args) { return false; }
};

function get_string($identifier, $component = '', $a = null) {
    global $LANG;
    return $LANG[$identifier] ?? $identifier;
}

class question_answer {
    public $id, $answer, $fraction, $feedback, $feedbackformat;
    public function __construct($id, $answer, $fraction, $feedback, $feedbackformat) {
        [$this->id, $this->answer, $this->fraction] = [$id, $answer, $fraction];
        [$this->feedback, $this->feedbackformat] = [$feedback, $feedbackformat];
    }
}

class coding_exception extends Exception {}

/** The source of a top-level `class NAME` or `function NAME` (with its body), by tokens. */
function cut(string $file, string $kind, string $name): string {
    $tokens = token_get_all(file_get_contents($file));
    $want = $kind === 'class' ? T_CLASS : T_FUNCTION;
    for ($i = 0; $i < count($tokens); $i++) {
        if (!is_array($tokens[$i]) || $tokens[$i][0] !== $want) {
            continue;
        }
        $j = $i + 1;
        while (is_array($tokens[$j]) && $tokens[$j][0] === T_WHITESPACE) {
            $j++;
        }
        if (!is_array($tokens[$j]) || $tokens[$j][1] !== $name) {
            continue;
        }
        $source = '';
        $depth = 0;
        $opened = false;
        for ($k = $i; $k < count($tokens); $k++) {
            $text = is_array($tokens[$k]) ? $tokens[$k][1] : $tokens[$k];
            $source .= $text;
            $plain = !is_array($tokens[$k]);  // a brace in a string is no block's
            if (($plain && $text === '{') || (!$plain && in_array($tokens[$k][0],
                    [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES]))) {
                $depth++;
                $opened = true;
            } else if ($plain && $text === '}') {
                $depth--;
                if ($opened && $depth === 0) {
                    return $source;
                }
            }
        }
    }
    fwrite(STDERR, "$file: no $kind $name\n");
    exit(2);
}

/** The define() calls of a file, in order. */
function defines(string $file): string {
    preg_match_all('/^define\(.*?\);\s*$/ms', file_get_contents($file), $found);
    return implode("\n", $found[0]);
}

[$script, $moodle, $quizfile, $mode] = array_slice($argv, 0, 4) + [null, null, null, null];
if (!$mode || !is_dir("$moodle/question/type/multianswer")) {
    fwrite(STDERR, "usage: php moodle_check.php MOODLE_DIR QUIZ_XML fields|grade [DECSEP SEP]\n");
    exit(2);
}
$multianswer = "$moodle/question/type/multianswer/questiontype.php";
$numerical = "$moodle/question/type/numerical/questiontype.php";
$numquestion = "$moodle/question/type/numerical/question.php";
eval(defines($multianswer));
eval(cut($multianswer, 'function', 'qtype_multianswer_extract_question'));
eval(cut($numerical, 'class', 'qtype_numerical_answer_processor'));
eval(cut($numquestion, 'class', 'qtype_numerical_answer'));
// qtype_numerical_question::get_matching_answer, in a class of its own
$method = cut($numquestion, 'function', 'get_matching_answer');
// (a fork that adds an autocomplete mode asks if_autocomplete_enable(): it is off)
eval("class matcher { public \$answers = []; public function if_autocomplete_enable() { return false; } public $method }");

$xml = new DOMDocument();
if (!$xml->load($quizfile)) {
    fwrite(STDERR, "$quizfile: not XML\n");
    exit(2);
}
$questions = [];
foreach ($xml->getElementsByTagName('question') as $node) {
    if ($node->getAttribute('type') !== 'cloze') {
        continue;
    }
    $text = $node->getElementsByTagName('questiontext')->item(0)
        ->getElementsByTagName('text')->item(0)->textContent;
    $idnumber = $node->getElementsByTagName('idnumber')->item(0)->textContent;
    $qo = qtype_multianswer_extract_question(['text' => $text, 'format' => 1, 'itemid' => 0]);
    $questions[$idnumber] = $qo;
}

if ($mode === 'fields') {
    $out = [];
    foreach ($questions as $idnumber => $qo) {
        $fields = [];
        foreach ($qo->options->questions as $position => $wrapped) {
            $answers = [];
            foreach ($wrapped->answer as $k => $answer) {
                $answers[] = ['answer' => $answer, 'tolerance' => $wrapped->tolerance[$k] ?? null,
                    'fraction' => $wrapped->fraction[$k]];
            }
            $fields[] = ['position' => $position, 'type' => $wrapped->qtype,
                'weight' => (float) $wrapped->defaultmark, 'answers' => $answers];
        }
        $out[] = ['idnumber' => $idnumber, 'defaultmark' => (float) $qo->defaultmark,
            'fields' => $fields];
    }
    echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT), "\n";
    exit(0);
}

[$decsep, $thousandssep] = [$argv[4] ?? '.', $argv[5] ?? ','];
$processor = new qtype_numerical_answer_processor([], false, $decsep, $thousandssep);
$typed = json_decode(stream_get_contents(STDIN), true);
$out = [];
foreach ($typed as [$idnumber, $position, $response]) {
    $wrapped = $questions[$idnumber]->options->questions[$position];
    $matcher = new matcher();
    foreach ($wrapped->answer as $k => $answer) {
        $matcher->answers[] = new qtype_numerical_answer($k, $answer, $wrapped->fraction[$k],
            '', FORMAT_HTML, $wrapped->tolerance[$k]);
    }
    [$value, $unit, $multiplier] = $processor->apply_units($response);
    $match = $matcher->get_matching_answer($value, $multiplier);
    $out[] = ['read' => $value, 'fraction' => $match ? (float) $match->fraction : 0.0];
}
echo json_encode($out), "\n";
